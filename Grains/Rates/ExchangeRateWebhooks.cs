using FinAegis.Grains.Abstractions.Webhooks;
using FinAegis.Grains.EventStore;
using FinAegis.Grains.Webhooks;

namespace FinAegis.Grains.Rates;

/// <summary>rate.updated for every rate set, written through the outbox in the same transaction as the event.</summary>
internal static class ExchangeRateWebhooks
{
    public static void Add(List<ReadModelWrite> writes, WebhookOutbox outbox, IReadOnlyList<ExchangeRateEvent> events)
    {
        if (!outbox.IsSubscribed(WebhookEvents.RateUpdated))
        {
            return;
        }
        foreach (var set in events.OfType<ExchangeRateSet>())
        {
            var source = $"{set.FromAsset}/{set.ToAsset}:{set.FetchedAt.UtcTicks}";
            writes.AddRange(outbox.For(WebhookEvents.RateUpdated, WebhookOutbox.EventId(WebhookEvents.RateUpdated, source), new
            {
                from_asset = set.FromAsset, to_asset = set.ToAsset, rate = set.Rate, source = set.Source,
                fetched_at = set.FetchedAt.UtcDateTime, expires_at = set.ExpiresAt?.UtcDateTime,
            }, set.OccurredAt));
        }
    }
}
