using System.Diagnostics.Metrics;

namespace FinAegis.Grains.Idempotency;

/// <summary>
/// The "FinAegis.Idempotency" meter: how each Idempotency-Key claim was answered (from memory, by the Bloom filter
/// without a read, or by reading its row), plus plain counters the tests read per silo (a MeterListener would also
/// see other test clusters in the same process).
/// </summary>
public sealed class IdempotencyMetrics : IDisposable
{
    public const string MeterName = "FinAegis.Idempotency";

    private readonly Meter _meter;
    private readonly Counter<long> _lookups;
    private readonly Counter<long> _keyLoads;
    private readonly Counter<long> _keysLoaded;
    private long _memoryAnswers;
    private long _filterAnswers;
    private long _databaseLookups;
    private long _loads;

    public IdempotencyMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _lookups = _meter.CreateCounter<long>("finaegis.idempotency.lookups", "{lookup}",
            "Idempotency-Key claims, by what answered them: memory, filter (a new key, no read) or database (one row read).");
        _keyLoads = _meter.CreateCounter<long>("finaegis.idempotency.key_loads", "{load}",
            "Reads of all of one user's keys into a Bloom filter (on activation, or when the filter outgrew its size).");
        _keysLoaded = _meter.CreateCounter<long>("finaegis.idempotency.keys_loaded", "{key}", "Keys read by those loads.");
    }

    /// <summary>Claims answered from the recent keys in memory.</summary>
    public long MemoryAnswers => Interlocked.Read(ref _memoryAnswers);

    /// <summary>Claims of brand-new keys, answered by the Bloom filter with no database access.</summary>
    public long FilterAnswers => Interlocked.Read(ref _filterAnswers);

    /// <summary>Claims that read their one `idempotency_keys` row.</summary>
    public long DatabaseLookups => Interlocked.Read(ref _databaseLookups);

    /// <summary>Reads of a user's whole key list.</summary>
    public long KeyLoads => Interlocked.Read(ref _loads);

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

    public void Dispose() => _meter.Dispose();
}
