namespace FinAegis.Grains.Abstractions.Rates;

/// <summary>Finds effective rates from the pair grains: direct, else inverse, else triangulated through USD.</summary>
[Alias("IExchangeRateResolverGrain")]
public interface IExchangeRateResolverGrain : IGrainWithIntegerKey
{
    /// <summary>The effective rate now, or NO_EXCHANGE_RATE (never an expired rate).</summary>
    [Alias("Resolve")]
    Task<RateQuoteResult> Resolve(string fromAsset, string toAsset);

    /// <summary>Effective rates of several assets into one; assets without a rate are left out.</summary>
    [Alias("ResolveMany")]
    Task<IReadOnlyDictionary<string, RateQuote>> ResolveMany(IReadOnlyList<string> fromAssets, string toAsset);
}
