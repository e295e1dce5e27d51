using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace FinAegis.Grains.EventStore;

/// <summary>
/// The chain hash of one event: lowercase hex SHA-256 over the previous hash ("" for the first event), the stream id,
/// the version, the event class and the canonical properties. Each field is written as "{length}:{field}\n" in UTF-8,
/// the length counted in UTF-16 code units, so no two different field lists produce the same bytes.
/// </summary>
public static class EventHash
{
    // Every event appended is hashed: one reusable hasher per thread instead of a string and a byte[] per field.
    [ThreadStatic]
    private static IncrementalHash? t_sha256;

    public static string Compute(string? previousHash, string aggregateUuid, int version, string eventClass, string canonicalPropertiesJson)
        => Compute(previousHash, aggregateUuid, version, eventClass, Encoding.UTF8.GetBytes(canonicalPropertiesJson));

    /// <param name="canonicalPropertiesUtf8">The canonical properties (CanonicalJson) as UTF-8.</param>
    public static string Compute(string? previousHash, string aggregateUuid, int version, string eventClass,
        ReadOnlySpan<byte> canonicalPropertiesUtf8)
    {
        var sha = t_sha256 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        AppendText(sha, previousHash ?? "");
        AppendText(sha, aggregateUuid);
        Span<byte> digits = stackalloc byte[11];
        Utf8Formatter.TryFormat(version, digits, out var written);
        AppendField(sha, digits[..written], written);
        AppendText(sha, eventClass);
        AppendField(sha, canonicalPropertiesUtf8, Encoding.UTF8.GetCharCount(canonicalPropertiesUtf8));
        Span<byte> hash = stackalloc byte[32];
        sha.GetHashAndReset(hash);
        return Convert.ToHexStringLower(hash);
    }

    private static void AppendText(IncrementalHash sha, string field)
    {
        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(field.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(field, rented);
            AppendField(sha, rented.AsSpan(0, length), field.Length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static void AppendField(IncrementalHash sha, ReadOnlySpan<byte> utf8, int utf16Length)
    {
        Span<byte> prefix = stackalloc byte[12];
        Utf8Formatter.TryFormat(utf16Length, prefix, out var written);
        prefix[written++] = (byte)':';
        sha.AppendData(prefix[..written]);
        sha.AppendData(utf8);
        sha.AppendData("\n"u8);
    }
}
