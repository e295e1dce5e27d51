using System.Globalization;
using System.Text.Json;

namespace FinAegis.Grains.EventStore;

/// <summary>
/// The <c>snapshots.state</c> column: <c>{"version":N,"last_hash":"..","state":&lt;the grain's state JSON&gt;}</c>, so a
/// read that starts from a snapshot still knows the chain hash to continue from.
/// </summary>
public static class SnapshotEnvelope
{
    /// <summary>
    /// The envelope as an SQL value: the server concatenates <see cref="Prefix"/>, the state JSON and the closing
    /// brace, so the silo never builds a second copy of a large state (a full account snapshot is about 110 KB of JSON,
    /// and each copy as a .NET string twice that).
    /// </summary>
    public const string SqlValue = "CONCAT(?, ?, '}')";

    /// <summary>
    /// Everything of the envelope before the state JSON; <see cref="SqlValue"/> appends the state as the grain wrote it
    /// with <c>StateSnapshotSerializer</c> (JSON by construction, so it is embedded without being parsed again).
    /// </summary>
    public static string Prefix(int version, string? lastHash)
        => string.Concat("{\"version\":", version.ToString(CultureInfo.InvariantCulture), ",\"last_hash\":",
            lastHash is null ? "null" : JsonSerializer.Serialize(lastHash), ",\"state\":");

    public static bool TryRead(string envelopeJson, out string? lastHash, out string stateJson)
    {
        try
        {
            (lastHash, stateJson) = Read(envelopeJson);
            return true;
        }
        catch (Exception exception) when (exception is JsonException or InvalidDataException)
        {
            (lastHash, stateJson) = (null, "");
            return false;
        }
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
