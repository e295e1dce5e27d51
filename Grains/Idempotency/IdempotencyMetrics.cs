using System.Diagnostics.Metrics;

namespace FinAegis.Grains.Idempotency;

/// <summary>
/// The "FinAegis.Idempotency" meter, plus a plain total the tests read (a MeterListener would see other silos').
/// </summary>
public sealed class IdempotencyMetrics : IDisposable
{
    public const string MeterName = "FinAegis.Idempotency";

    private readonly Meter _meter;
    private readonly Counter<long> _keysPurged;
    private long _purged;

    public IdempotencyMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _keysPurged = _meter.CreateCounter<long>("finaegis.idempotency.keys_purged", "{key}",
            "idempotency_keys rows deleted by this silo's purge for being older than the retention.");
    }

    /// <summary>Rows this silo's purge has deleted since it started.</summary>
    public long Purged => Interlocked.Read(ref _purged);

    /// <summary>Called once per batch, zero included, so the series is exported from the first pass on.</summary>
    internal void KeysPurged(int rows)
    {
        _keysPurged.Add(rows);
        Interlocked.Add(ref _purged, rows);
    }

    public void Dispose() => _meter.Dispose();
}
