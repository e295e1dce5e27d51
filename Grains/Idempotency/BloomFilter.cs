namespace FinAegis.Grains.Idempotency;

/// <summary>
/// A Bloom filter over strings: "never added" is always right, "maybe added" is wrong for about the chosen fraction
/// of strings when no more than <see cref="Capacity"/> were added. Bits are chosen by double hashing one stable 64-bit
/// hash (<see cref="StableKeyHash"/>), so a filter built in any process answers the same.
/// </summary>
public sealed class BloomFilter
{
    private readonly ulong[] _words;

    /// <param name="capacity">How many strings it is sized for; past that the false-positive rate climbs.</param>
    /// <param name="falsePositiveRate">The wanted rate of "maybe" for strings never added, at capacity.</param>
    public BloomFilter(int capacity, double falsePositiveRate = 0.01)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        if (falsePositiveRate is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(falsePositiveRate), "The false-positive rate must be between 0 and 1.");
        }
        Capacity = capacity;
        // The textbook optimum: m = -n ln p / (ln 2)^2 bits and k = (m / n) ln 2 = -log2 p hash functions (7 at 1 %).
        var bits = Math.Ceiling(-capacity * Math.Log(falsePositiveRate) / (Math.Log(2) * Math.Log(2)));
        BitCount = Math.Max(64, (long)bits);
        HashCount = Math.Max(1, (int)Math.Round(-Math.Log2(falsePositiveRate)));
        _words = new ulong[(BitCount + 63) / 64];
    }

    /// <summary>How many strings it is sized for.</summary>
    public int Capacity { get; }

    /// <summary>How many additions it has seen (a string added twice counts twice).</summary>
    public int Count { get; private set; }

    /// <summary>True once more strings were added than it is sized for: time to build a bigger one.</summary>
    public bool IsOverCapacity => Count > Capacity;

    public long BitCount { get; }

    public int HashCount { get; }

    /// <summary>The memory its bits take.</summary>
    public long SizeInBytes => _words.LongLength * sizeof(ulong);

    public void Add(string item) => Add(StableKeyHash.Of(item));

    public void Add(ulong hash)
    {
        var (h1, h2) = Split(hash);
        for (var i = 0; i < HashCount; i++)
        {
            var bit = Index(h1, h2, i);
            _words[bit >> 6] |= 1UL << (int)(bit & 63);
        }
        Count++;
    }

    /// <summary>False: certainly never added. True: probably added.</summary>
    public bool MightContain(string item) => MightContain(StableKeyHash.Of(item));

    public bool MightContain(ulong hash)
    {
        var (h1, h2) = Split(hash);
        for (var i = 0; i < HashCount; i++)
        {
            var bit = Index(h1, h2, i);
            if ((_words[bit >> 6] & (1UL << (int)(bit & 63))) == 0)
            {
                return false;
            }
        }
        return true;
    }

    // Kirsch–Mitzenmacher: the i-th index is h1 + i·h2, as good as k independent hashes for a Bloom filter. h2 is
    // made odd so it never degenerates to zero (every index the same).
    private static (ulong H1, ulong H2) Split(ulong hash) => (hash & 0xFFFF_FFFF, (hash >> 32) | 1);

    private long Index(ulong h1, ulong h2, int i) => (long)((h1 + (ulong)i * h2) % (ulong)BitCount);
}
