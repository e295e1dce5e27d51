using System.Globalization;
using FinAegis.Grains.Abstractions.Rates;

namespace FinAegis.Grains.Rates;

/// <summary>A pair folded from its events: the current rate only (history lives in `exchange_rates`). Pure.</summary>
[GenerateSerializer, Alias("ExchangeRateState")]
public sealed class ExchangeRateState
{
    [Id(0)]
    public string? FromAsset { get; set; }

    [Id(1)]
    public string? ToAsset { get; set; }

    /// <summary>Exact decimal text, as in the event.</summary>
    [Id(2)]
    public string? Rate { get; set; }

    [Id(3)]
    public string Source { get; set; } = ExchangeRateSources.Manual;

    [Id(4)]
    public DateTimeOffset FetchedAt { get; set; }

    [Id(5)]
    public DateTimeOffset? ExpiresAt { get; set; }

    [Id(6)]
    public string? Metadata { get; set; }

    [Id(7)]
    public long SetCount { get; set; }

    public void Apply(ExchangeRateEvent @event)
    {
        if (@event is ExchangeRateSet set)
        {
            FromAsset = set.FromAsset;
            ToAsset = set.ToAsset;
            Rate = set.Rate;
            Source = set.Source;
            FetchedAt = set.FetchedAt;
            ExpiresAt = set.ExpiresAt;
            Metadata = set.Metadata;
            SetCount++;
        }
    }

    public ExchangeRateView? ToView() => Rate is null
        ? null
        : new ExchangeRateView(FromAsset!, ToAsset!, decimal.Parse(Rate, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture),
            Source, FetchedAt, ExpiresAt, Metadata);
}
