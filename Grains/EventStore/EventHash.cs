using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace FinAegis.Grains.EventStore;

/// <summary>
/// The chain hash of one event: lowercase hex SHA-256 over the previous hash ("" for the first event), the stream id,
/// the version, the event class and the canonical properties. Each field is length-prefixed so no two different
/// field lists produce the same bytes.
/// </summary>
public static class EventHash
{
    public static string Compute(string? previousHash, string aggregateUuid, int version, string eventClass, string canonicalPropertiesJson)
    {
        var builder = new StringBuilder(canonicalPropertiesJson.Length + 160);
        Append(builder, previousHash ?? "");
        Append(builder, aggregateUuid);
        Append(builder, version.ToString(CultureInfo.InvariantCulture));
        Append(builder, eventClass);
        Append(builder, canonicalPropertiesJson);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString()));
        return Convert.ToHexStringLower(hash);
    }

    private static void Append(StringBuilder builder, string field)
    {
        builder.Append(field.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(field).Append('\n');
    }
}
