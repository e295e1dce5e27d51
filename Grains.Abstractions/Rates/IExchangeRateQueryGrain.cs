using FinAegis.Grains.Abstractions.Common;

namespace FinAegis.Grains.Abstractions.Rates;

/// <summary>Lists over the `exchange_rates` read model (written in the same transaction as the rate events).</summary>
[Alias("IExchangeRateQueryGrain")]
public interface IExchangeRateQueryGrain : IGrainWithIntegerKey
{
    /// <summary>The latest rate of every pair, filtered; at most a few thousand pairs.</summary>
    [Alias("ListCurrent")]
    Task<IReadOnlyList<ExchangeRateView>> ListCurrent(string? fromAsset, string? toAsset, string? source);

    /// <summary>A pair's history, newest first.</summary>
    [Alias("History")]
    Task<Page<ExchangeRateView>> History(string fromAsset, string toAsset, int limit, string? cursor);
}
