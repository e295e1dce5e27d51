using System.Diagnostics.Metrics;

namespace FinAegis.Grains.Idempotency;

/// <summary>
/// The "FinAegis.Idempotency" meter: how each Idempotency-Key claim was answered (from memory, by the Bloom filter
/// without a read, or by reading its row) and how many expired rows the purge deleted, plus plain counters the tests
/// read per silo (a MeterListener would also see other test clusters in the same process).
/// </summary>
public sealed class IdempotencyMetrics : IDisposable
{
    public const string MeterName = "FinAegis.Idempotency";

    private readonly Meter _meter;
    private readonly Counter<long> _lookups;
    private readonly Counter<long> _keyLoads;
    private readonly Counter<long> _keysLoaded;
    private readonly Counter<long> _keysPurged;
    private long _memoryAnswers;
    private long _filterAnswers;
    private long _databaseLookups;
    private long _loads;
    private long _purged;

    public IdempotencyMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _lookups = _meter.CreateCounter<long>("finaegis.idempotency.lookups", "{lookup}",
            "Idempotency-Key claims, by what answered them: memory, filter (a new key, no read) or database (one row read).");
        _keyLoads = _meter.CreateCounter<long>("finaegis.idempotency.key_loads", "{load}",
            "Reads of all of one user's keys into a Bloom filter (on activation, or when the filter outgrew its size).");
        _keysLoaded = _meter.CreateCounter<long>("finaegis.idempotency.keys_loaded", "{key}", "Keys read by those loads.");
        _keysPurged = _meter.CreateCounter<long>("finaegis.idempotency.keys_purged", "{key}",
            "idempotency_keys rows deleted by this silo's purge for being older than the retention.");
    }

    /// <summary>Claims answered from the recent keys in memory.</summary>
    public long MemoryAnswers => Interlocked.Read(ref _memoryAnswers);

    /// <summary>Claims of brand-new keys, answered by the Bloom filter with no database access.</summary>
    public long FilterAnswers => Interlocked.Read(ref _filterAnswers);

    /// <summary>Claims that read their one `idempotency_keys` row.</summary>
    public long DatabaseLookups => Interlocked.Read(ref _databaseLookups);

    /// <summary>Reads of a user's whole key list.</summary>
    public long KeyLoads => Interlocked.Read(ref _loads);

    /// <summary>Rows this silo's purge has deleted since it started.</summary>
    public long Purged => Interlocked.Read(ref _purged);

    internal void AnsweredFromMemory()
    {
        _lookups.Add(1, new KeyValuePair<string, object?>("source", "memory"));
        Interlocked.Increment(ref _memoryAnswers);
    }

    internal void AnsweredByFilter()
    {
        _lookups.Add(1, new KeyValuePair<string, object?>("source", "filter"));
        Interlocked.Increment(ref _filterAnswers);
    }

    internal void LookedUp()
    {
        _lookups.Add(1, new KeyValuePair<string, object?>("source", "database"));
        Interlocked.Increment(ref _databaseLookups);
    }

    internal void Loaded(int keys)
    {
        _keyLoads.Add(1);
        _keysLoaded.Add(keys);
        Interlocked.Increment(ref _loads);
    }

    /// <summary>Called once per purge batch, zero included, so the series is exported from the first pass on.</summary>
    internal void KeysPurged(int rows)
    {
        _keysPurged.Add(rows);
        Interlocked.Add(ref _purged, rows);
    }

    public void Dispose() => _meter.Dispose();
}
