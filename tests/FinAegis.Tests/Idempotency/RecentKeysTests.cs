using FinAegis.Grains.Idempotency;

namespace FinAegis.Tests.Idempotency;

/// <summary>The idempotency grain's bounded memory of recent keys.</summary>
public sealed class RecentKeysTests
{
    private static readonly DateTimeOffset _now = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public void A_started_key_completes_and_keeps_its_start_time()
    {
        var recent = new RecentKeys(10);
        recent.Start("a", "h1", _now);
        Assert.True(recent.TryGet("a", out var started));
        Assert.False(started.IsCompleted);
        Assert.Equal("h1", started.RequestHash);

        recent.Complete("a", "h1", "{}", _now.AddSeconds(5));
        Assert.True(recent.TryGet("a", out var completed));
        Assert.True(completed.IsCompleted);
        Assert.Equal("{}", completed.ResultJson);
        Assert.Equal(_now, completed.StartedAt);
        Assert.Equal(1, recent.Count);

        recent.Remove("a");
        Assert.False(recent.TryGet("a", out _));
        Assert.Empty(recent.Keys);
    }

    [Fact]
    public void Past_capacity_the_oldest_completed_key_goes_first_and_in_flight_keys_last()
    {
        var recent = new RecentKeys(3);
        recent.Start("in-flight", "h", _now);
        recent.Complete("done-1", "h", "1", _now);
        recent.Complete("done-2", "h", "2", _now);
        recent.Start("new", "h", _now);

        Assert.Equal(["done-2", "in-flight", "new"], recent.Keys.Order(StringComparer.Ordinal));
        Assert.False(recent.TryGet("done-1", out _));

        recent.Start("newer", "h", _now);
        Assert.False(recent.TryGet("done-2", out _));
        // Nothing completed is left: now the oldest in-flight key goes.
        recent.Start("newest", "h", _now);
        Assert.False(recent.TryGet("in-flight", out _));
        Assert.Equal(["new", "newer", "newest"], recent.Keys.Order(StringComparer.Ordinal));
    }
}
