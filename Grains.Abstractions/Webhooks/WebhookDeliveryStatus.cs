namespace FinAegis.Grains.Abstractions.Webhooks;

/// <summary>The visible statuses of a delivery (the schema's): pending, retrying, success, failed.</summary>
public static class WebhookDeliveryStatus
{
    public const string Pending = "pending";
    public const string Retrying = "retrying";
    public const string Success = "success";
    public const string Failed = "failed";

    public static IReadOnlyList<string> All { get; } = [Pending, Retrying, Success, Failed];
}
