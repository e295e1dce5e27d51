namespace FinAegis.Grains.Abstractions.Identity;

/// <summary>One of a user's tokens as listed (GET /api/auth/tokens): never the secret, nor its hash.</summary>
[GenerateSerializer, Immutable, Alias("TokenInfo")]
public sealed record TokenInfo(
    [property: Id(0)] long Id,
    [property: Id(1)] string Name,
    [property: Id(2)] IReadOnlyList<string> Abilities,
    [property: Id(3)] DateTimeOffset? LastUsedAt,
    [property: Id(4)] DateTimeOffset? ExpiresAt,
    [property: Id(5)] DateTimeOffset CreatedAt);

/// <summary>A page of tokens, newest first; <see cref="NextAfterId"/> continues after the last one shown.</summary>
[GenerateSerializer, Immutable, Alias("TokenPage")]
public sealed record TokenPage(
    [property: Id(0)] IReadOnlyList<TokenInfo> Tokens,
    [property: Id(1)] long? NextAfterId);
