using FinAegis.Grains.Abstractions.Common;
using FinAegis.Grains.Abstractions.Money;

namespace FinAegis.Grains.Abstractions.Rates;

/// <summary>One stored rate used by an effective rate, and whether it is applied inverted (divided by).</summary>
[GenerateSerializer, Immutable, Alias("RateLeg")]
public sealed record RateLeg([property: Id(0)] ExchangeRateView Stored, [property: Id(1)] bool Inverted)
{
    public ExactRate ToExact() => Inverted ? Stored.ToExact().Inverse() : Stored.ToExact();
}

/// <summary>
/// The effective rate FROM→TO at one instant (SPEC §7): a direct rate, the inverse of the reverse pair, or two legs
/// through USD. Converting with it uses the exact fraction of its legs, never a rounded figure.
/// </summary>
[GenerateSerializer, Immutable, Alias("RateQuote")]
public sealed record RateQuote(
    [property: Id(0)] string FromAsset,
    [property: Id(1)] string ToAsset,
    [property: Id(2)] string Derivation,
    [property: Id(3)] IReadOnlyList<RateLeg> Legs)
{
    public ExactRate ToExact() => Legs.Skip(1).Aggregate(Legs[0].ToExact(), (rate, leg) => rate.Times(leg.ToExact()));

    /// <summary>The earliest expiry of its legs (null when none expires).</summary>
    public DateTimeOffset? EarliestExpiry() => Legs.Where(leg => leg.Stored.ExpiresAt is not null).Min(leg => leg.Stored.ExpiresAt);

    /// <summary>The oldest fetch time of its legs.</summary>
    public DateTimeOffset OldestFetch() => Legs.Min(leg => leg.Stored.FetchedAt);
}

[GenerateSerializer, Immutable, Alias("RateQuoteResult")]
public sealed record RateQuoteResult([property: Id(0)] RateQuote? Quote, [property: Id(1)] DomainError? Error)
{
    public static RateQuoteResult Ok(RateQuote quote) => new(quote, null);
    public static RateQuoteResult Fail(DomainError error) => new(null, error);
}
