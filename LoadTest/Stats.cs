using System.Collections.Concurrent;
using HdrHistogram;

namespace FinAegis.LoadTest;

public sealed record LatencySummary(long Count, double P50Ms, double P90Ms, double P99Ms, double P999Ms, double MaxMs, double MeanMs);

public sealed record TimelinePoint(double Second, long Requests, long Errors, double P50Ms, double P99Ms, double MaxMs);

/// <summary>
/// Latencies in microseconds into an HdrHistogram recorder (lock-free writes from every client); once a second the
/// interval histogram becomes a timeline point and is added to the run's total.
/// </summary>
public sealed class Stats
{
    private const long HighestMicros = 120_000_000;
    private readonly Recorder _recorder = HistogramFactory.With64BitBucketSize().WithValuesFrom(1).WithValuesUpTo(HighestMicros)
        .WithPrecisionOf(3).WithThreadSafeWrites().WithThreadSafeReads().Create();
    private readonly HistogramBase _total = new LongHistogram(HighestMicros, 3);
    private readonly ConcurrentDictionary<string, long> _statuses = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _errors = new(StringComparer.Ordinal);
    private readonly List<TimelinePoint> _timeline = [];
    private long _intervalErrors;
    private long _requests;
    private long _failures;

    public long Requests => Interlocked.Read(ref _requests);

    public long Failures => Interlocked.Read(ref _failures);

    public IReadOnlyList<TimelinePoint> Timeline => _timeline;

    public IReadOnlyDictionary<string, long> Statuses => _statuses;

    public IReadOnlyDictionary<string, long> Errors => _errors;

    /// <summary>One answered (or failed) request. <paramref name="status"/> is the HTTP status, or 0 with an error kind.</summary>
    public void Record(long micros, int status, string? error)
    {
        _recorder.RecordValue(Math.Clamp(micros, 1, HighestMicros));
        Interlocked.Increment(ref _requests);
        _statuses.AddOrUpdate(status == 0 ? "none" : status.ToString(System.Globalization.CultureInfo.InvariantCulture), 1, (_, n) => n + 1);
        if (error is not null)
        {
            Interlocked.Increment(ref _failures);
            Interlocked.Increment(ref _intervalErrors);
            _errors.AddOrUpdate(error, 1, (_, n) => n + 1);
        }
    }

    /// <summary>Closes the current interval (called once a second by one thread).</summary>
    public TimelinePoint Tick(double second)
    {
        var interval = _recorder.GetIntervalHistogram();
        _total.Add(interval);
        var point = new TimelinePoint(second, interval.TotalCount, Interlocked.Exchange(ref _intervalErrors, 0),
            Millis(interval.TotalCount == 0 ? 0 : interval.GetValueAtPercentile(50)),
            Millis(interval.TotalCount == 0 ? 0 : interval.GetValueAtPercentile(99)),
            Millis(interval.TotalCount == 0 ? 0 : interval.GetMaxValue()));
        _timeline.Add(point);
        return point;
    }

    public LatencySummary Summary() => Summarize(_total);

    internal static LatencySummary Summarize(HistogramBase histogram) => histogram.TotalCount == 0
        ? new LatencySummary(0, 0, 0, 0, 0, 0, 0)
        : new LatencySummary(histogram.TotalCount, Millis(histogram.GetValueAtPercentile(50)), Millis(histogram.GetValueAtPercentile(90)),
            Millis(histogram.GetValueAtPercentile(99)), Millis(histogram.GetValueAtPercentile(99.9)), Millis(histogram.GetMaxValue()),
            Math.Round(histogram.GetMean() / 1000.0, 3));

    private static double Millis(long micros) => Math.Round(micros / 1000.0, 3);
}
