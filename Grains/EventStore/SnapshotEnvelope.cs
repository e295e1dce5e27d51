using System.Globalization;
using System.Text;
using System.Text.Json;

namespace FinAegis.Grains.EventStore;

/// <summary>
/// The <c>snapshots.state</c> column: <c>{"version":N,"last_hash":"..","state":&lt;the grain's state JSON&gt;}</c>, so a
/// read that starts from a snapshot still knows the chain hash to continue from.
/// </summary>
public static class SnapshotEnvelope
{
    public static string Write(int version, string? lastHash, string stateJson)
    {
        // The state is embedded as raw JSON; validate it here so a bad state fails its own append, not a whole batch.
        using (JsonDocument.Parse(stateJson))
        {
        }
        var builder = new StringBuilder(stateJson.Length + 120);
        builder.Append("{\"version\":").Append(version.ToString(CultureInfo.InvariantCulture)).Append(",\"last_hash\":");
        builder.Append(lastHash is null ? "null" : JsonSerializer.Serialize(lastHash));
        builder.Append(",\"state\":").Append(stateJson).Append('}');
        return builder.ToString();
    }

    public static (string? LastHash, string StateJson) Read(string envelopeJson)
    {
        using var document = JsonDocument.Parse(envelopeJson);
        var root = document.RootElement;
        var lastHash = root.TryGetProperty("last_hash", out var hash) && hash.ValueKind == JsonValueKind.String ? hash.GetString() : null;
        if (!root.TryGetProperty("state", out var state))
        {
            throw new InvalidDataException("A snapshot row has no \"state\" in its envelope.");
        }
        return (lastHash, state.GetRawText());
    }
}
