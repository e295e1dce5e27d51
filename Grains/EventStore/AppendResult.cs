namespace FinAegis.Grains.EventStore;

/// <summary>
/// Appended = false means another writer holds ExpectedVersion+1 (nothing was written). LastHash is the chain hash
/// of the last event of this append when it was appended.
/// </summary>
public sealed record AppendResult(bool Appended, string? LastHash);
