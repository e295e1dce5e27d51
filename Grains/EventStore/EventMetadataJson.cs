using System.Text.Json;

namespace FinAegis.Grains.EventStore;

/// <summary>Writes and reads the <c>meta_data</c> column: operation_id, user_uuid, correlation_id, append_id, hash.</summary>
public static class EventMetadataJson
{
    public const string AppendIdProperty = "append_id";
    public const string HashProperty = "hash";

    // Written for every appended event, in this thread's reused buffer.
    private static readonly ThreadJsonWriter Writers = new(default, 256);

    public static string Write(EventMetadata metadata, Guid appendId, string hash)
    {
        var lease = Writers.Start();
        var writer = lease.Writer;
        writer.WriteStartObject();
        if (metadata.OperationId is { } operationId)
        {
            writer.WriteString("operation_id", operationId);
        }
        if (metadata.UserUuid is { } userUuid)
        {
            writer.WriteString("user_uuid", userUuid);
        }
        if (metadata.CorrelationId is { } correlationId)
        {
            writer.WriteString("correlation_id", correlationId);
        }
        writer.WriteString(AppendIdProperty, appendId);
        writer.WriteString(HashProperty, hash);
        writer.WriteEndObject();
        return System.Text.Encoding.UTF8.GetString(lease.Finish());
    }

    /// <summary>The chain hash stored in a meta_data text, or null when it has none.</summary>
    public static string? ReadHash(string metadataJson) => ReadString(metadataJson, HashProperty);

    /// <summary>The append id stored in a meta_data text, or null when it has none.</summary>
    public static Guid? ReadAppendId(string metadataJson)
        => Guid.TryParse(ReadString(metadataJson, AppendIdProperty), out var id) ? id : null;

    private static string? ReadString(string metadataJson, string property)
    {
        using var document = JsonDocument.Parse(metadataJson);
        return document.RootElement.ValueKind == JsonValueKind.Object
            && document.RootElement.TryGetProperty(property, out var value)
            && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
    }
}
