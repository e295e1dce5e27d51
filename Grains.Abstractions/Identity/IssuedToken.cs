namespace FinAegis.Grains.Abstractions.Identity;

/// <summary>A freshly minted token. <see cref="PlainText"/> ("{id}|{secret}") exists only in this answer.</summary>
[GenerateSerializer, Immutable, Alias("IssuedToken")]
public sealed record IssuedToken(
    [property: Id(0)] long Id,
    [property: Id(1)] string PlainText,
    [property: Id(2)] IReadOnlyList<string> Abilities,
    [property: Id(3)] DateTimeOffset ExpiresAt);
