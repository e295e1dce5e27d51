using System.Text.Json;
using ScottPlot;

namespace FinAegis.LoadTest;

public sealed record RunResult(
    DateTimeOffset StartedAt,
    string Url,
    string Model,
    int Concurrency,
    double? TargetRate,
    double DurationSeconds,
    int Accounts,
    int Users,
    IReadOnlyDictionary<string, int> Mix,
    long Requests,
    double RequestsPerSecond,
    long Errors,
    LatencySummary Latency,
    IReadOnlyDictionary<string, long> StatusCodes,
    IReadOnlyDictionary<string, long> ErrorKinds,
    FailoverReport? Failover,
    double? EventsAppendedPerSecond,
    IReadOnlyDictionary<string, double>? CpuMicrosecondsPerRequest,
    int UnsettledAfterRun,
    VerificationResult Verification,
    IReadOnlyList<TimelinePoint> Timeline);

/// <summary>result.json, chart.png and the console summary.</summary>
public static class Report
{
    private static readonly JsonSerializerOptions _json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static async Task WriteAsync(RunResult result, string outDir)
    {
        Directory.CreateDirectory(outDir);
        await File.WriteAllTextAsync(Path.Combine(outDir, "result.json"), JsonSerializer.Serialize(result, _json));
        Chart(result.Timeline, Path.Combine(outDir, "chart.png"), result.Failover?.KilledAtSecond);
    }

    public static void Chart(IReadOnlyList<TimelinePoint> timeline, string path, double? killedAt)
    {
        var plot = new Plot();
        var seconds = timeline.Select(point => point.Second).ToArray();
        var throughput = plot.Add.Scatter(seconds, timeline.Select(point => (double)point.Requests).ToArray());
        throughput.LegendText = "requests/s";
        throughput.MarkerSize = 0;
        var right = plot.Axes.Right;
        foreach (var (label, values) in new[] { ("p50 ms", timeline.Select(point => point.P50Ms)), ("p99 ms", timeline.Select(point => point.P99Ms)) })
        {
            var line = plot.Add.Scatter(seconds, values.ToArray());
            line.LegendText = label;
            line.MarkerSize = 0;
            line.Axes.YAxis = right;
        }
        if (killedAt is { } at)
        {
            var kill = plot.Add.VerticalLine(at);
            kill.LegendText = "silo killed";
        }
        plot.Axes.Bottom.Label.Text = "seconds";
        plot.Axes.Left.Label.Text = "requests/s";
        right.Label.Text = "latency (ms)";
        plot.Title("FinAegis load test");
        plot.ShowLegend();
        plot.SavePng(path, 1200, 600);
    }

    public static void Print(RunResult result)
    {
        var latency = result.Latency;
        Console.WriteLine($"""

            {result.Model} model, {result.Concurrency} clients{(result.TargetRate is { } rate ? $", target {rate:F0}/s" : "")}, {result.DurationSeconds:F1} s, {result.Accounts} accounts
              requests      {result.Requests:N0}  ({result.RequestsPerSecond:N0}/s), errors {result.Errors:N0}
              latency ms    p50 {latency.P50Ms}  p90 {latency.P90Ms}  p99 {latency.P99Ms}  p99.9 {latency.P999Ms}  max {latency.MaxMs}
              status codes  {string.Join("  ", result.StatusCodes.OrderBy(pair => pair.Key).Select(pair => $"{pair.Key}: {pair.Value:N0}"))}
              errors        {(result.ErrorKinds.Count == 0 ? "none" : string.Join("  ", result.ErrorKinds.Select(pair => $"{pair.Key}: {pair.Value:N0}")))}
            """);
        if (result.EventsAppendedPerSecond is { } events)
        {
            Console.WriteLine($"  events        {events:N0} appended/s (silo metrics over the drive)");
        }
        if (result.CpuMicrosecondsPerRequest is { } cpu)
        {
            Console.WriteLine($"  cpu           {string.Join("  ", cpu.Select(pair => $"{pair.Key} {pair.Value:N0}"))} µs per request (over the drive)");
        }
        if (result.Failover is { } failover)
        {
            Console.WriteLine($"  failover      silo pid {failover.Pid} killed at {failover.KilledAtSecond:F1}s; {failover.ErrorsAfterKill} failed requests after it; " +
                (failover.LastErrorAfterKillSeconds is null ? "no error at all" : $"error-free again {failover.ErrorFreeAfterSeconds:F1} s after the kill"));
        }
        foreach (var asset in result.Verification.Assets)
        {
            var expected = asset.ExpectedMin == asset.ExpectedMax ? $"{asset.ExpectedMin}" : $"{asset.ExpectedMin}..{asset.ExpectedMax}";
            Console.WriteLine($"  conservation  {asset.Asset}: sum of balances {asset.Actual} expected {expected} -> {(asset.Conserved ? "OK" : "VIOLATED")}");
        }
        Console.WriteLine($"  accounts      {result.Verification.Mismatches.Count} differ from their acknowledged operations, {result.Verification.NegativeBalances} negative balances, {result.Verification.UnreadableAccounts} unreadable, {result.UnsettledAfterRun} operations still unknown");
        Console.WriteLine($"  verification  {(result.Verification.Passed ? "PASSED" : "FAILED")}");
    }
}
