namespace FinAegis.Grains.Abstractions.Identity;

/// <summary>
/// Token ids revoked since a watermark, for the API's caches to evict. Pass <see cref="Watermark"/> to the next
/// call. The window overlaps the previous one by a few seconds, so an id may come twice: evicting is idempotent.
/// </summary>
[GenerateSerializer, Immutable, Alias("RevokedTokens")]
public sealed record RevokedTokens(
    [property: Id(0)] IReadOnlyList<long> TokenIds,
    [property: Id(1)] DateTimeOffset Watermark);
