using System.Text.Json;
using FinAegis.Grains.Abstractions.Money;
using FinAegis.Grains.Abstractions.Rates;

namespace FinAegis.Api.Rates;

/// <summary>From rate contracts to the HTTP shapes of SPEC §7.</summary>
public static class RateMapping
{
    public static RateDto ToDto(ExchangeRateView rate, DateTimeOffset now) => new(rate.FromAsset, rate.ToAsset, RateText.Format(rate.Rate),
        rate.ToExact().Inverse().ToDecimalString(), rate.Source, rate.FetchedAt, rate.ExpiresAt, rate.IsUsableAt(now),
        Math.Max(0, (long)(now - rate.FetchedAt).TotalMinutes),
        rate.MetadataJson is null ? null : JsonDocument.Parse(rate.MetadataJson).RootElement.Clone());

    public static EffectiveRateDto ToDto(RateQuote quote)
    {
        var exact = quote.ToExact();
        var legs = quote.Legs.Select(leg => new RateLegDto(leg.Stored.FromAsset, leg.Stored.ToAsset, RateText.Format(leg.Stored.Rate),
            leg.Inverted, leg.Stored.Source, leg.Stored.FetchedAt, leg.Stored.ExpiresAt)).ToList();
        return new EffectiveRateDto(quote.FromAsset, quote.ToAsset, exact.ToDecimalString(), exact.Inverse().ToDecimalString(),
            quote.Derivation, quote.OldestFetch(), quote.EarliestExpiry(), legs);
    }
}
