using FinAegis.LoadTest;

namespace FinAegis.Tests.LoadTest;

public sealed class MixTests
{
    [Fact]
    public void A_mix_parses_weights_and_picks_in_proportion()
    {
        var mix = Mix.Parse("transfer=70, deposit=10,balance=20,convert=0");
        Assert.Equal(100, mix.Total);
        Assert.False(mix.Includes(Operation.Convert));
        var counts = Enumerable.Range(0, mix.Total).GroupBy(mix.Pick).ToDictionary(group => group.Key, group => group.Count());
        Assert.Equal(70, counts[Operation.Transfer]);
        Assert.Equal(10, counts[Operation.Deposit]);
        Assert.Equal(20, counts[Operation.Balance]);
        Assert.False(counts.ContainsKey(Operation.Convert));
        Assert.Throws<ArgumentOutOfRangeException>(() => mix.Pick(100));
    }

    [Theory]
    [InlineData("")]
    [InlineData("transfer=0")]
    [InlineData("teleport=5")]
    [InlineData("transfer")]
    [InlineData("transfer=-1")]
    [InlineData("transfer=1.5")]
    [InlineData("transfer=1,transfer=2")]
    [InlineData("1=5")]
    public void A_bad_mix_is_refused(string text) => Assert.Throws<FormatException>(() => Mix.Parse(text));
}

public sealed class LoadTestOptionsTests
{
    [Fact]
    public void Flags_parse_with_defaults_for_the_rest()
    {
        var options = LoadTestOptions.Parse(["--url", "http://h:1", "--duration=2m", "--rate", "500", "--accounts", "50", "--mix", "deposit=1",
            "--kill-silo-after", "30", "--no-idempotency-keys", "--out", "o"]);
        Assert.Equal(new Uri("http://h:1"), options.Url);
        Assert.Equal(TimeSpan.FromMinutes(2), options.Duration);
        Assert.Equal(500, options.Rate);
        Assert.Equal(64, options.Concurrency);
        Assert.Equal(5, options.Users);
        Assert.Equal(30, options.KillSiloAfterSeconds);
        Assert.False(options.IdempotencyKeys);
        Assert.Equal("o", options.OutDir);
        Assert.Equal(TimeSpan.Zero, options.WarmUp);
    }

    [Fact]
    public void A_warm_up_drives_the_same_mix_for_its_own_length_and_never_kills_a_silo()
    {
        var options = LoadTestOptions.Parse(["--duration", "30s", "--warmup", "90s", "--kill-silo-after", "10", "--mix", "deposit=1", "--rate", "50"]);

        var warmUp = options.ForWarmUp();

        Assert.Equal(TimeSpan.FromSeconds(90), options.WarmUp);
        Assert.Equal(TimeSpan.FromSeconds(90), warmUp.Duration);
        Assert.Null(warmUp.KillSiloAfterSeconds);
        Assert.Equal(50, warmUp.Rate);
        Assert.Same(options.Mix, warmUp.Mix);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Duration);
        Assert.Equal(10, options.KillSiloAfterSeconds);
    }

    [Theory]
    [InlineData("--duration", "0")]
    [InlineData("--duration", "soon")]
    [InlineData("--concurrency", "0")]
    [InlineData("--accounts", "1")]
    [InlineData("--kill-silo-after", "99")]
    [InlineData("--warmup", "-5s")]
    [InlineData("--bogus", "1")]
    public void Bad_flags_are_refused(string name, string value) =>
        Assert.Throws<FormatException>(() => LoadTestOptions.Parse([name, value, "--duration", name == "--duration" ? value : "30s"]));

    [Theory]
    [InlineData("1500ms", 1.5)]
    [InlineData("45", 45)]
    [InlineData("45s", 45)]
    [InlineData("1h", 3600)]
    public void Durations_take_units(string text, double seconds) => Assert.Equal(seconds, LoadTestOptions.ParseDuration(text).TotalSeconds);
}

public sealed class StatsTests
{
    [Fact]
    public void Percentiles_come_from_the_recorded_latencies_and_errors_are_counted()
    {
        var stats = new Stats();
        for (var i = 1; i <= 1000; i++)
        {
            stats.Record(i * 1000L, i % 100 == 0 ? 503 : 200, i % 100 == 0 ? "http_503" : null);
        }
        var point = stats.Tick(1);
        stats.Record(5_000_000, 0, "timeout");
        stats.Tick(2);
        var summary = stats.Summary();

        Assert.Equal(1000, point.Requests);
        Assert.Equal(10, point.Errors);
        Assert.Equal(1001, summary.Count);
        Assert.InRange(summary.P50Ms, 499, 502);
        Assert.InRange(summary.P99Ms, 989, 1001);
        Assert.InRange(summary.MaxMs, 4990, 5010);
        Assert.Equal(990, stats.Statuses["200"]);
        Assert.Equal(10, stats.Statuses["503"]);
        Assert.Equal(1, stats.Statuses["none"]);
        Assert.Equal(10, stats.Errors["http_503"]);
        Assert.Equal(1, stats.Errors["timeout"]);
        Assert.Equal(11, stats.Failures);
    }
}

public sealed class VerificationTests
{
    private static Dictionary<string, long> Usd(long balance) => new() { ["USD"] = balance };

    [Fact]
    public void Acknowledged_operations_must_match_the_balances_read_back()
    {
        var ledger = new Ledger(3, ["USD"]);
        ledger.Inject(0, "USD", 1000);
        ledger.Inject(1, "USD", 1000);
        ledger.Move(0, 2, "USD", 300);
        ledger.Inject(1, "USD", -100);

        var ok = Verification.Check(ledger, [Usd(700), Usd(900), Usd(300)]);
        Assert.True(ok.Passed);
        Assert.Equal(1900, ok.Assets.Single().Actual);

        // A transfer applied twice: the sum still holds, the accounts do not.
        var twice = Verification.Check(ledger, [Usd(400), Usd(900), Usd(600)]);
        Assert.True(twice.Assets.Single().Conserved);
        Assert.Equal(2, twice.Mismatches.Count);
        Assert.False(twice.Passed);

        // Money created from nothing.
        var created = Verification.Check(ledger, [Usd(700), Usd(901), Usd(300)]);
        Assert.False(created.Assets.Single().Conserved);

        var negative = Verification.Check(new Ledger(1, ["USD"]), [Usd(-1)]);
        Assert.Equal(1, negative.NegativeBalances);
        Assert.False(negative.Passed);

        Assert.False(Verification.Check(ledger, [Usd(700), null, Usd(300)]).Passed);
    }

    [Fact]
    public void Unknown_outcomes_widen_the_expected_range_both_ways()
    {
        var ledger = new Ledger(2, ["USD"]);
        ledger.Inject(0, "USD", 1000);
        ledger.MaybeMove(0, 1, "USD", 50);
        ledger.MaybeInject(1, "USD", 10);

        Assert.True(Verification.Check(ledger, [Usd(1000), Usd(0)]).Passed);
        Assert.True(Verification.Check(ledger, [Usd(950), Usd(60)]).Passed);
        Assert.Equal((1000, 1010), ledger.ExpectedTotal("USD"));
        Assert.False(Verification.Check(ledger, [Usd(900), Usd(100)]).Passed);
    }
}
