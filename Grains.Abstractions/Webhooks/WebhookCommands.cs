using FinAegis.Grains.Abstractions.Common;

namespace FinAegis.Grains.Abstractions.Webhooks;

/// <summary>A new webhook; null optional fields take the defaults (active, 30 s, 3 retries, no headers).</summary>
[GenerateSerializer, Immutable, Alias("CreateWebhook")]
public sealed record CreateWebhook(
    [property: Id(0)] Caller Caller,
    [property: Id(1)] string Name,
    [property: Id(2)] string Url,
    [property: Id(3)] IReadOnlyList<string> Events,
    [property: Id(4)] IReadOnlyDictionary<string, string>? Headers,
    [property: Id(5)] bool? IsActive,
    [property: Id(6)] int? TimeoutSeconds,
    [property: Id(7)] int? RetryAttempts);

/// <summary>A partial update: null fields keep their value.</summary>
[GenerateSerializer, Immutable, Alias("UpdateWebhook")]
public sealed record UpdateWebhook(
    [property: Id(0)] Caller Caller,
    [property: Id(1)] long Id,
    [property: Id(2)] string? Name,
    [property: Id(3)] string? Url,
    [property: Id(4)] IReadOnlyList<string>? Events,
    [property: Id(5)] IReadOnlyDictionary<string, string>? Headers,
    [property: Id(6)] bool? IsActive,
    [property: Id(7)] int? TimeoutSeconds,
    [property: Id(8)] int? RetryAttempts);

[GenerateSerializer, Immutable, Alias("WebhookDeliveryQuery")]
public sealed record WebhookDeliveryQuery(
    [property: Id(0)] Caller Caller,
    [property: Id(1)] long WebhookId,
    [property: Id(2)] string? Status,
    [property: Id(3)] int Limit,
    [property: Id(4)] string? Cursor);
