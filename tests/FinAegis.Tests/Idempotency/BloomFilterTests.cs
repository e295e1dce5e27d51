using FinAegis.Grains.Idempotency;

namespace FinAegis.Tests.Idempotency;

/// <summary>The Bloom filter behind the idempotency grain: no false negatives, the false-positive rate it was sized for, a stable hash.</summary>
public sealed class BloomFilterTests
{
    private const int Keys = 100_000;

    [Fact]
    public void Every_added_key_is_found_and_the_false_positive_rate_stays_within_its_bound()
    {
        var filter = new BloomFilter(Keys, 0.01);
        for (var i = 0; i < Keys; i++)
        {
            filter.Add(Key(i));
        }

        for (var i = 0; i < Keys; i++)
        {
            Assert.True(filter.MightContain(Key(i)), Key(i));
        }
        var falsePositives = Enumerable.Range(Keys, Keys).Count(i => filter.MightContain(Key(i)));
        var rate = falsePositives / (double)Keys;
        // Sized for 1 %: the measured rate of keys never added is close to it, neither far above nor suspiciously zero.
        Assert.InRange(rate, 0.005, 0.0125);
        Assert.Equal(Keys, filter.Count);
        Assert.False(filter.IsOverCapacity);
    }

    [Fact]
    public void Past_its_capacity_it_says_so_and_its_false_positive_rate_climbs()
    {
        var filter = new BloomFilter(1_000, 0.01);
        for (var i = 0; i < 1_000; i++)
        {
            filter.Add(Key(i));
        }
        Assert.False(filter.IsOverCapacity);
        filter.Add(Key(1_000));
        Assert.True(filter.IsOverCapacity);
        for (var i = 1_001; i < 5_000; i++)
        {
            filter.Add(Key(i));
        }
        var rate = Enumerable.Range(100_000, 10_000).Count(i => filter.MightContain(Key(i))) / 10_000.0;
        Assert.True(rate > 0.2, $"an overfull filter should answer 'maybe' far too often; it did for {rate:P1}");
    }

    [Theory]
    [InlineData(1, 0.01)]
    [InlineData(1_024, 0.01)]
    [InlineData(1_000_000, 0.01)]
    [InlineData(10_000, 0.001)]
    public void It_takes_about_ten_bits_per_key_at_one_percent(int capacity, double rate)
    {
        var filter = new BloomFilter(capacity, rate);
        var bitsPerKey = -Math.Log(rate) / (Math.Log(2) * Math.Log(2));
        Assert.InRange(filter.BitCount, (long)(capacity * bitsPerKey), Math.Max(64, (long)(capacity * bitsPerKey) + 64));
        Assert.Equal(Math.Max(1, (int)Math.Round(-Math.Log2(rate))), filter.HashCount);
        Assert.Equal((filter.BitCount + 63) / 64 * 8, filter.SizeInBytes);
    }

    [Fact]
    public void An_empty_filter_contains_nothing()
    {
        var filter = new BloomFilter(10);
        Assert.DoesNotContain(Enumerable.Range(0, 1_000), i => filter.MightContain(Key(i)));
    }

    [Fact]
    public void Bad_sizes_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BloomFilter(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BloomFilter(10, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BloomFilter(10, 1));
    }

    [Theory]
    // The published FNV-1a 64-bit test vectors: the hash is the same in every process, unlike string.GetHashCode.
    [InlineData("", 0xcbf29ce484222325UL)]
    [InlineData("a", 0xaf63dc4c8601ec8cUL)]
    [InlineData("foobar", 0x85944171f73967e8UL)]
    public void The_hash_is_FNV_1a_over_UTF8(string text, ulong expected) => Assert.Equal(expected, StableKeyHash.Fnv1a64(text));

    [Fact]
    public void The_hash_is_pinned_and_mixes_every_bit()
    {
        Assert.Equal(StableKeyHash.Mix(StableKeyHash.Fnv1a64("k_0123456789abcdef")), StableKeyHash.Of("k_0123456789abcdef"));
        Assert.NotEqual(StableKeyHash.Fnv1a64("é"), StableKeyHash.Fnv1a64("e"));
        Assert.Equal(0UL, StableKeyHash.Mix(0));
        // Keys that differ in one character differ in about half of the 64 bits, high bits included.
        var flipped = Enumerable.Range(0, 1_000)
            .Select(i => System.Numerics.BitOperations.PopCount(StableKeyHash.Of(Key(i)) ^ StableKeyHash.Of(Key(i) + "x")))
            .Average();
        Assert.InRange(flipped, 28, 36);
        Assert.InRange(Enumerable.Range(0, 1_000).Count(i => (StableKeyHash.Of(Key(i)) >> 63) == 1), 400, 600);
    }

    private static string Key(int i) => $"k_{i:D8}_order";
}
