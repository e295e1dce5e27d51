using FinAegis.Grains.Abstractions.Common;

namespace FinAegis.Grains.Abstractions.Webhooks;

/// <summary>A webhook as administrators see it: never its secret (only <see cref="WebhookResult.Secret"/> carries it, once).</summary>
[GenerateSerializer, Immutable, Alias("WebhookView")]
public sealed record WebhookView(
    [property: Id(0)] long Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Url,
    [property: Id(3)] IReadOnlyList<string> Events,
    [property: Id(4)] IReadOnlyDictionary<string, string> Headers,
    [property: Id(5)] bool IsActive,
    [property: Id(6)] int TimeoutSeconds,
    [property: Id(7)] int RetryAttempts,
    [property: Id(8)] DateTimeOffset CreatedAt,
    [property: Id(9)] DateTimeOffset UpdatedAt);

/// <summary>One delivery (a row of the outbox) with its outcome so far.</summary>
[GenerateSerializer, Immutable, Alias("WebhookDeliveryView")]
public sealed record WebhookDeliveryView(
    [property: Id(0)] long Id,
    [property: Id(1)] long WebhookId,
    [property: Id(2)] string EventType,
    [property: Id(3)] string PayloadJson,
    [property: Id(4)] string Status,
    [property: Id(5)] int? ResponseCode,
    [property: Id(6)] string? ResponseBody,
    [property: Id(7)] int Attempts,
    [property: Id(8)] DateTimeOffset? DeliveredAt,
    [property: Id(9)] DateTimeOffset? FailedAt,
    [property: Id(10)] DateTimeOffset? NextRetryAt,
    [property: Id(11)] DateTimeOffset CreatedAt,
    [property: Id(12)] DateTimeOffset UpdatedAt);

[GenerateSerializer, Immutable, Alias("WebhookResult")]
public sealed record WebhookResult(
    [property: Id(0)] WebhookView? Webhook,
    [property: Id(1)] DomainError? Error,
    [property: Id(2)] string? Secret = null)
{
    public static WebhookResult Ok(WebhookView webhook, string? secret = null) => new(webhook, null, secret);
    public static WebhookResult Fail(DomainError error) => new(null, error);
}

[GenerateSerializer, Immutable, Alias("WebhookDeliveryResult")]
public sealed record WebhookDeliveryResult([property: Id(0)] WebhookDeliveryView? Delivery, [property: Id(1)] DomainError? Error)
{
    public static WebhookDeliveryResult Ok(WebhookDeliveryView delivery) => new(delivery, null);
    public static WebhookDeliveryResult Fail(DomainError error) => new(null, error);
}

[GenerateSerializer, Immutable, Alias("WebhookDeliveryPageResult")]
public sealed record WebhookDeliveryPageResult([property: Id(0)] Page<WebhookDeliveryView>? Page, [property: Id(1)] DomainError? Error);
