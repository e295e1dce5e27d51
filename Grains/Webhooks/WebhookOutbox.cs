using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FinAegis.Grains.Abstractions.Common;
using FinAegis.Grains.Abstractions.Webhooks;
using FinAegis.Grains.EventStore;

namespace FinAegis.Grains.Webhooks;

/// <summary>
/// The transactional outbox: a grain adds <see cref="For"/>'s rows to the read-model writes of the events that cause
/// them, so a `webhook_deliveries` row is committed in the same transaction as its event, or not at all.
/// <code>
/// // in a grain's ProjectReadModels (inject WebhookOutbox through the constructor):
/// writes.AddRange(webhooks.For(WebhookEvents.TransferCompleted, WebhookOutbox.EventId(WebhookEvents.TransferCompleted, transferId.ToString()),
///     new { transfer_uuid = transferId, amount }, e.OccurredAt));
/// </code>
/// Nothing is written when no active webhook subscribes to the event. The rows use INSERT IGNORE: a webhook deleted
/// after this silo's last reload drops its row silently instead of failing the events it travels with.
/// </summary>
public sealed class WebhookOutbox(WebhookSubscriptions subscriptions)
{
    public static readonly ReadModelStatement Deliveries = new("webhook_deliveries", 1000,
        "INSERT IGNORE INTO webhook_deliveries (webhook_id, event_type, payload, status, attempts, next_retry_at, created_at, updated_at) VALUES", 8,
        null);

    /// <summary>The `webhooks.low_balance_threshold` setting in minor units (default 1000), as of the last reload.</summary>
    public long LowBalanceThreshold => subscriptions.Current.LowBalanceThreshold;

    /// <summary>Whether any active webhook wants <paramref name="eventName"/> (to skip building data nobody reads).</summary>
    public bool IsSubscribed(string eventName) => subscriptions.Current.WebhooksFor(eventName).Count > 0;

    /// <summary>
    /// One pending delivery per active webhook subscribed to <paramref name="eventName"/>, with the payload
    /// <c>{id, event, created_at, data}</c>. <paramref name="eventId"/> is what receivers deduplicate on: derive it
    /// from the event (see <see cref="EventId"/>) so a re-projected event keeps it.
    /// </summary>
    public IReadOnlyList<ReadModelWrite> For(string eventName, Guid eventId, object data, DateTimeOffset at)
    {
        if (!WebhookEvents.IsKnown(eventName))
        {
            throw new ArgumentException($"'{eventName}' is not in the webhook event catalogue.", nameof(eventName));
        }
        var webhooks = subscriptions.Current.WebhooksFor(eventName);
        if (webhooks.Count == 0)
        {
            return [];
        }
        var created = at.UtcDateTime;
        var payload = JsonSerializer.Serialize(new WebhookPayload(eventId, eventName, created, data), ContractJson.Options);
        var writes = new ReadModelWrite[webhooks.Count];
        for (var i = 0; i < webhooks.Count; i++)
        {
            writes[i] = new ReadModelWrite(Deliveries,
                [webhooks[i], eventName, payload, WebhookDeliveryStatus.Pending, 0, created, created, created]);
        }
        return writes;
    }

    /// <summary>A stable UUID for an event: the same name and source always give the same id.</summary>
    public static Guid EventId(string eventName, string source)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes("finaegis-webhook-event:" + eventName + ":" + source), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // version 8 (name-based, custom hash)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(bytes, bigEndian: true);
    }

    private sealed record WebhookPayload(Guid Id, string Event, DateTime CreatedAt, object Data);
}
