using FinAegis.Grains.Abstractions.Common;

namespace FinAegis.Grains.Abstractions.Rates;

/// <summary>Sets a pair's rate. <see cref="Rate"/> is positive with at most 8 decimals; metadata is a JSON object's text.</summary>
[GenerateSerializer, Immutable, Alias("SetExchangeRate")]
public sealed record SetExchangeRate(
    [property: Id(0)] Caller Caller,
    [property: Id(1)] decimal Rate,
    [property: Id(2)] string Source,
    [property: Id(3)] DateTimeOffset? ExpiresAt,
    [property: Id(4)] string? MetadataJson);

[GenerateSerializer, Immutable, Alias("ExchangeRateResult")]
public sealed record ExchangeRateResult([property: Id(0)] ExchangeRateView? Rate, [property: Id(1)] DomainError? Error)
{
    public static ExchangeRateResult Ok(ExchangeRateView rate) => new(rate, null);
    public static ExchangeRateResult Fail(DomainError error) => new(null, error);
}
