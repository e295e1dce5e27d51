using FinAegis.Grains.Identity;

namespace FinAegis.Tests.Identity;

public sealed class FailureWindowTests
{
    private static readonly DateTimeOffset _t0 = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Five_failures_are_allowed_and_the_sixth_attempt_waits_for_the_oldest_to_age_out()
    {
        var window = new FailureWindow(5, TimeSpan.FromMinutes(1));
        for (var i = 0; i < 5; i++)
        {
            Assert.True(window.Check(_t0.AddSeconds(i * 10)).Allowed);
            window.Record(_t0.AddSeconds(i * 10));
        }

        var blocked = window.Check(_t0.AddSeconds(45));
        var stillBlocked = window.Check(_t0.AddSeconds(59.5));
        var free = window.Check(_t0.AddSeconds(60));

        Assert.False(blocked.Allowed);
        Assert.Equal(15, blocked.RetryAfterSeconds);
        Assert.Equal(1, stillBlocked.RetryAfterSeconds);
        Assert.True(free.Allowed);
        Assert.Equal(4, free.RecentFailures);
    }

    [Fact]
    public void Clear_forgets_the_failures()
    {
        var window = new FailureWindow(1, TimeSpan.FromMinutes(1));
        window.Record(_t0);
        Assert.False(window.Check(_t0).Allowed);

        window.Clear();

        Assert.True(window.Check(_t0).Allowed);
    }
}
