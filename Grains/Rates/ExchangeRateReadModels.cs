using System.Globalization;
using FinAegis.Grains.EventStore;

namespace FinAegis.Grains.Rates;

/// <summary>Every rate set becomes an `exchange_rates` row, in the same transaction as its event.</summary>
public static class ExchangeRateReadModels
{
    /// <summary>
    /// (from, to, fetched_at) is unique and fetched_at strictly increases per pair, so a duplicate can only be this very
    /// row written again after an append whose outcome was unknown: keep the first.
    /// </summary>
    public static readonly ReadModelStatement Rates = new("exchange_rates", 50,
        "INSERT INTO exchange_rates (from_asset, to_asset, rate, source, fetched_at, expires_at, is_active, metadata, created_at, updated_at) VALUES", 10,
        "ON DUPLICATE KEY UPDATE id = id");

    public static IReadOnlyList<ReadModelWrite> Project(IReadOnlyList<ExchangeRateEvent> events)
    {
        var writes = new List<ReadModelWrite>(events.Count);
        foreach (var @event in events)
        {
            if (@event is ExchangeRateSet set)
            {
                writes.Add(new ReadModelWrite(Rates, [set.FromAsset, set.ToAsset,
                    decimal.Parse(set.Rate, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture), set.Source,
                    set.FetchedAt.UtcDateTime, set.ExpiresAt?.UtcDateTime, 1, set.Metadata, set.OccurredAt.UtcDateTime, set.OccurredAt.UtcDateTime]));
            }
        }
        return writes;
    }
}
