using System.Text.Json;
using System.Text.Json.Serialization;
using FinAegis.Grains.Abstractions.Webhooks;

namespace FinAegis.Api.Webhooks;

public sealed record WebhookRequest(string? Name, string? Url, List<string?>? Events, Dictionary<string, string?>? Headers, bool? IsActive,
    int? TimeoutSeconds, int? RetryAttempts);

public sealed record WebhookDto(long Id, string Name, string Url, IReadOnlyList<string> Events, IReadOnlyDictionary<string, string> Headers,
    bool IsActive, int TimeoutSeconds, int RetryAttempts, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Secret = null)
{
    public static WebhookDto From(WebhookView view, string? secret = null) => new(view.Id, view.Name, view.Url, view.Events, view.Headers,
        view.IsActive, view.TimeoutSeconds, view.RetryAttempts, view.CreatedAt, view.UpdatedAt, secret);
}

public sealed record WebhookDeliveryDto(long Id, long WebhookId, string EventType, JsonElement Payload, string Status, int? ResponseCode,
    string? ResponseBody, int Attempts, DateTimeOffset? DeliveredAt, DateTimeOffset? FailedAt, DateTimeOffset? NextRetryAt,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static WebhookDeliveryDto From(WebhookDeliveryView view) => new(view.Id, view.WebhookId, view.EventType,
        JsonDocument.Parse(view.PayloadJson).RootElement.Clone(), view.Status, view.ResponseCode, view.ResponseBody, view.Attempts,
        view.DeliveredAt, view.FailedAt, view.NextRetryAt, view.CreatedAt, view.UpdatedAt);
}
