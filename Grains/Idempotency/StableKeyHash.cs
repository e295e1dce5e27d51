using System.Text;

namespace FinAegis.Grains.Idempotency;

/// <summary>
/// A 64-bit string hash that is the same in every process and every run (unlike <see cref="string.GetHashCode()"/>,
/// which .NET randomizes per process): FNV-1a over the UTF-8 bytes, then the MurmurHash3 finalizer, because
/// FNV alone mixes short ASCII strings poorly into the high bits that double hashing relies on.
/// </summary>
public static class StableKeyHash
{
    private const ulong FnvOffsetBasis = 0xcbf29ce484222325;
    private const ulong FnvPrime = 0x100000001b3;

    public static ulong Of(string text) => Mix(Fnv1a64(text));

    /// <summary>FNV-1a, 64-bit, over the UTF-8 bytes of the text.</summary>
    public static ulong Fnv1a64(string text)
    {
        var maxBytes = Encoding.UTF8.GetMaxByteCount(text.Length);
        Span<byte> bytes = maxBytes <= 512 ? stackalloc byte[512] : new byte[maxBytes];
        var hash = FnvOffsetBasis;
        foreach (var b in bytes[..Encoding.UTF8.GetBytes(text, bytes)])
        {
            hash = (hash ^ b) * FnvPrime;
        }
        return hash;
    }

    /// <summary>MurmurHash3's fmix64: every input bit affects every output bit.</summary>
    public static ulong Mix(ulong hash)
    {
        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccd;
        hash ^= hash >> 33;
        hash *= 0xc4ceb9fe1a85ec53;
        hash ^= hash >> 33;
        return hash;
    }
}
