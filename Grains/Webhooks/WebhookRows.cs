using System.Data.Common;
using System.Text.Json;
using FinAegis.Grains.Abstractions.Webhooks;
using MySqlConnector;

namespace FinAegis.Grains.Webhooks;

/// <summary>Reading webhook and delivery rows (shared by the admin grain and the dispatcher).</summary>
internal static class WebhookRows
{
    public const string WebhookColumns = "id, name, url, events, headers, is_active, timeout_seconds, retry_attempts, created_at, updated_at";

    public const string DeliveryColumns =
        "id, webhook_id, event_type, payload, status, response_code, response_body, attempts, delivered_at, failed_at, next_retry_at, created_at, updated_at";

    /// <summary>Every statement runs in UTC, like the event store's writer, so TIMESTAMP values mean the same everywhere.</summary>
    public const string Utc = "SET time_zone = '+00:00'; ";

    public static WebhookView ReadWebhook(DbDataReader reader) => new(
        reader.GetInt64(0), reader.GetString(1), reader.GetString(2), ParseEvents(reader.GetString(3)),
        reader.IsDBNull(4) ? new Dictionary<string, string>() : ParseHeaders(reader.GetString(4)),
        reader.GetBoolean(5), reader.GetInt32(6), reader.GetInt32(7), UtcOf(reader, 8) ?? DateTimeOffset.UnixEpoch,
        UtcOf(reader, 9) ?? DateTimeOffset.UnixEpoch);

    public static WebhookDeliveryView ReadDelivery(DbDataReader reader) => new(
        reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
        reader.IsDBNull(5) ? null : reader.GetInt32(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetInt32(7),
        UtcOf(reader, 8), UtcOf(reader, 9), UtcOf(reader, 10), UtcOf(reader, 11) ?? DateTimeOffset.UnixEpoch,
        UtcOf(reader, 12) ?? DateTimeOffset.UnixEpoch);

    public static IReadOnlyList<string> ParseEvents(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<string[]>(json) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    public static IReadOnlyDictionary<string, string> ParseHeaders(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];
        }
        catch (JsonException)
        {
            return new Dictionary<string, string>();
        }
    }

    public static string? HeadersJson(IReadOnlyDictionary<string, string>? headers) =>
        headers is null || headers.Count == 0 ? null : JsonSerializer.Serialize(headers);

    /// <summary>TIMESTAMP columns hold whole seconds: values written are truncated the same way so reads match.</summary>
    public static DateTime Now() => TruncateToSeconds(DateTime.UtcNow);

    public static DateTime TruncateToSeconds(DateTime value) => new(value.Ticks - (value.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);

    public static DateTimeOffset? UtcOf(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc));

    public static void Add(this MySqlCommand command, string name, object? value) => command.Parameters.AddWithValue(name, value);
}
