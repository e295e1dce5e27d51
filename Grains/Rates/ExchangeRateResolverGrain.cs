using FinAegis.Grains.Abstractions.Common;
using FinAegis.Grains.Abstractions.Rates;
using Orleans.Concurrency;

namespace FinAegis.Grains.Rates;

/// <summary>
/// Effective rates (SPEC §7): the direct pair if it has an unexpired rate, else the reverse pair inverted, else two
/// legs through USD (each itself direct or inverse). Expired rates are skipped at every step. Each pair grain
/// answers from memory, so a lookup costs a few in-cluster calls and no database read.
/// </summary>
[StatelessWorker]
public sealed class ExchangeRateResolverGrain : Grain, IExchangeRateResolverGrain
{
    public async Task<RateQuoteResult> Resolve(string fromAsset, string toAsset)
    {
        if (fromAsset == toAsset)
        {
            return RateQuoteResult.Fail(DomainError.Of(ErrorCodes.ValidationFailed, "The two assets must differ."));
        }
        var now = DateTimeOffset.UtcNow;
        var single = await SingleLegAsync(fromAsset, toAsset, now);
        if (single is not null)
        {
            return RateQuoteResult.Ok(new RateQuote(fromAsset, toAsset, single.Inverted ? RateDerivations.Inverse : RateDerivations.Direct, [single]));
        }
        const string pivot = RateDerivations.Pivot;
        if (fromAsset != pivot && toAsset != pivot)
        {
            var first = SingleLegAsync(fromAsset, pivot, now);
            var second = SingleLegAsync(pivot, toAsset, now);
            if (await first is { } a && await second is { } b)
            {
                return RateQuoteResult.Ok(new RateQuote(fromAsset, toAsset, RateDerivations.Triangulated, [a, b]));
            }
        }
        return RateQuoteResult.Fail(DomainError.Of(ErrorCodes.NoExchangeRate, $"No current exchange rate from {fromAsset} to {toAsset}."));
    }

    public async Task<IReadOnlyDictionary<string, RateQuote>> ResolveMany(IReadOnlyList<string> fromAssets, string toAsset)
    {
        var lookups = fromAssets.Distinct(StringComparer.Ordinal).Where(code => code != toAsset)
            .Select(async code => (Code: code, Result: await Resolve(code, toAsset))).ToList();
        var quotes = new Dictionary<string, RateQuote>(StringComparer.Ordinal);
        foreach (var (code, result) in await Task.WhenAll(lookups))
        {
            if (result.Quote is { } quote)
            {
                quotes[code] = quote;
            }
        }
        return quotes;
    }

    /// <summary>The direct rate if usable, else the reverse pair's inverted; both pairs are asked at once.</summary>
    private async Task<RateLeg?> SingleLegAsync(string from, string to, DateTimeOffset now)
    {
        var direct = GrainFactory.Grain<IExchangeRateGrain>(ExchangeRatePair.Key(from, to)).GetCurrent();
        var reverse = GrainFactory.Grain<IExchangeRateGrain>(ExchangeRatePair.Key(to, from)).GetCurrent();
        if (await direct is { } d && d.IsUsableAt(now))
        {
            return new RateLeg(d, Inverted: false);
        }
        if (await reverse is { } r && r.IsUsableAt(now))
        {
            return new RateLeg(r, Inverted: true);
        }
        return null;
    }
}
