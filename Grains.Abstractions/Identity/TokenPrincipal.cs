namespace FinAegis.Grains.Abstractions.Identity;

/// <summary>
/// Who a valid token speaks for: what the API caches per token so that requests need no database read.
/// <see cref="IsAdmin"/> is the user's flag at resolve time; the admin ability needs it as well.
/// </summary>
[GenerateSerializer, Immutable, Alias("TokenPrincipal")]
public sealed record TokenPrincipal(
    [property: Id(0)] long TokenId,
    [property: Id(1)] Guid UserUuid,
    [property: Id(2)] string Name,
    [property: Id(3)] string Email,
    [property: Id(4)] bool IsAdmin,
    [property: Id(5)] IReadOnlyList<string> Abilities,
    [property: Id(6)] DateTimeOffset? ExpiresAt);
