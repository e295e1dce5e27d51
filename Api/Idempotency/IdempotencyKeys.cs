using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace FinAegis.Api.Idempotency;

/// <summary>The Idempotency-Key header's rules (SPEC §3) and the ids derived from a key.</summary>
public static partial class IdempotencyKeys
{
    public const string HeaderName = "Idempotency-Key";
    public const string ReplayedHeaderName = "Idempotent-Replayed";

    public static bool IsValid(string key) => Guid.TryParse(key, out _) || KeyPattern().IsMatch(key);

    /// <summary>
    /// The operation id of a keyed request: the same user and key always give the same id, so a retry that reaches
    /// the grain after the first attempt landed is recognised there.
    /// </summary>
    public static Guid OperationId(Guid userUuid, string key) => DeterministicGuid($"idempotency:{userUuid:D}:{key}");

    /// <summary>A fingerprint of the request as parsed, so "12.3" and "12.30" are the same body.</summary>
    public static string RequestHash(string fingerprint) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(fingerprint)));

    public static Guid DeterministicGuid(string text)
    {
        Span<byte> bytes = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), bytes);
        var guid = bytes[..16];
        guid[7] = (byte)((guid[7] & 0x0F) | 0x50); // version 5-style (name based)
        guid[8] = (byte)((guid[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(guid);
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{16,64}$")]
    private static partial Regex KeyPattern();
}
