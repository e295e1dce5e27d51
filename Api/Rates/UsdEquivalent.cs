using System.Numerics;
using FinAegis.Api.Assets;
using FinAegis.Grains.Abstractions.Common;
using FinAegis.Grains.Abstractions.Money;
using FinAegis.Grains.Abstractions.Rates;

namespace FinAegis.Api.Rates;

/// <summary>
/// The balances summary's `total_usd_equivalent` (SPEC §5): every balance converted to US cents at its current
/// effective rate (floored like any conversion). Assets with no usable rate to USD are left out of the total and
/// listed in `unpriced_assets`, so a client can tell a partial total from a complete one.
/// </summary>
public static class UsdEquivalent
{
    public static async Task<(long TotalCents, IReadOnlyList<string> Unpriced)> ComputeAsync(IReadOnlyDictionary<string, long> balances,
        IClusterClient client, AssetDirectory assets)
    {
        const string usd = RateDerivations.Pivot;
        var usdPrecision = (await assets.FindAsync(usd))?.Precision ?? 2;
        var others = balances.Where(pair => pair.Key != usd && pair.Value > 0).Select(pair => pair.Key).ToList();
        var quotes = others.Count == 0
            ? new Dictionary<string, RateQuote>()
            : await client.Grain<IExchangeRateResolverGrain>(0).ResolveMany(others, usd);
        var total = new BigInteger(balances.GetValueOrDefault(usd));
        var unpriced = new List<string>();
        foreach (var code in others.Order(StringComparer.Ordinal))
        {
            var asset = await assets.FindAsync(code);
            if (asset is null || !quotes.TryGetValue(code, out var quote))
            {
                unpriced.Add(code);
                continue;
            }
            total += CurrencyConversion.ConvertUnbounded(balances[code], asset.Precision, usdPrecision, quote.ToExact());
        }
        return ((long)BigInteger.Min(total, long.MaxValue), unpriced);
    }
}
