namespace FinAegis.Grains.Identity;

/// <summary>A users row as the silo needs it (with the hash, so it never leaves the silo).</summary>
public sealed record UserRecord(long Id, Guid Uuid, string Name, string Email, string PasswordHash, bool IsAdmin);
