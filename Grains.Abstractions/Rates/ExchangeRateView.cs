using FinAegis.Grains.Abstractions.Money;

namespace FinAegis.Grains.Abstractions.Rates;

/// <summary>One rate set on a pair: the current one of a pair grain, or a row of its history.</summary>
[GenerateSerializer, Immutable, Alias("ExchangeRateView")]
public sealed record ExchangeRateView(
    [property: Id(0)] string FromAsset,
    [property: Id(1)] string ToAsset,
    [property: Id(2)] decimal Rate,
    [property: Id(3)] string Source,
    [property: Id(4)] DateTimeOffset FetchedAt,
    [property: Id(5)] DateTimeOffset? ExpiresAt,
    [property: Id(6)] string? MetadataJson)
{
    /// <summary>An expired rate is never used, not even as a fallback.</summary>
    public bool IsUsableAt(DateTimeOffset now) => ExpiresAt is null || ExpiresAt > now;

    public ExactRate ToExact() => ExactRate.Of(Rate);
}
