using System.Diagnostics.Metrics;

namespace FinAegis.Grains.EventStore;

/// <summary>
/// The "FinAegis.EventStore" meter, plus plain counters the tests read (a MeterListener would see other tests' stores).
/// </summary>
public sealed class EventStoreMetrics : IDisposable
{
    public const string MeterName = "FinAegis.EventStore";

    private readonly Meter _meter;
    private readonly Counter<long> _eventsAppended;
    private readonly Counter<long> _appendConflicts;
    private readonly Counter<long> _appendFailures;
    private readonly Counter<long> _batchFallbacks;
    private readonly Counter<long> _batchDeadlocks;
    private readonly Histogram<int> _batchRows;
    private readonly Histogram<int> _batchAppends;
    private readonly Histogram<double> _batchCommitMilliseconds;
    private readonly Counter<long> _writerFaults;
    private long _batches;
    private long _batchedAppends;
    private long _largestBatchAppends;
    private long _fallbacks;
    private long _deadlocks;
    private long _faults;

    public EventStoreMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _eventsAppended = _meter.CreateCounter<long>("finaegis.eventstore.events_appended", "{event}", "Event rows committed.");
        _appendConflicts = _meter.CreateCounter<long>("finaegis.eventstore.append_conflicts", "{append}", "Appends refused for a stale expected version.");
        _appendFailures = _meter.CreateCounter<long>("finaegis.eventstore.append_failures", "{append}", "Appends that faulted.");
        _batchFallbacks = _meter.CreateCounter<long>("finaegis.eventstore.batch_fallbacks", "{batch}", "Batches rolled back and retried one append per transaction.");
        _batchDeadlocks = _meter.CreateCounter<long>("finaegis.eventstore.batch_deadlocks", "{batch}",
            "Transactions rolled back as a deadlock victim between writer loops and written again.");
        _batchRows = _meter.CreateHistogram<int>("finaegis.eventstore.batch_rows", "{event}", "Event rows per group-commit transaction.");
        _batchAppends = _meter.CreateHistogram<int>("finaegis.eventstore.batch_appends", "{append}", "Appends per group-commit transaction.");
        _batchCommitMilliseconds = _meter.CreateHistogram<double>("finaegis.eventstore.batch_commit_latency", "ms", "Time to write and commit one transaction.");
        _writerFaults = _meter.CreateCounter<long>("finaegis.eventstore.writer_faults", "{fault}",
            "Unexpected errors in a writer loop (a bug: its batch faulted and its connection was dropped).");
    }

    /// <summary>Transactions that committed more than zero appends.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Appends committed by those transactions.</summary>
    public long BatchedAppends => Interlocked.Read(ref _batchedAppends);

    /// <summary>The most appends one transaction committed.</summary>
    public long LargestBatchAppends => Interlocked.Read(ref _largestBatchAppends);

    public long Fallbacks => Interlocked.Read(ref _fallbacks);

    /// <summary>Transactions rolled back as a deadlock victim (and written again).</summary>
    public long Deadlocks => Interlocked.Read(ref _deadlocks);

    /// <summary>Unexpected errors caught by a writer loop; always zero unless there is a bug.</summary>
    public long WriterFaults => Interlocked.Read(ref _faults);

    internal void Committed(int appends, int rows, double milliseconds)
    {
        _eventsAppended.Add(rows);
        _batchRows.Record(rows);
        _batchAppends.Record(appends);
        _batchCommitMilliseconds.Record(milliseconds);
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _batchedAppends, appends);
        long largest;
        while (appends > (largest = Interlocked.Read(ref _largestBatchAppends))
            && Interlocked.CompareExchange(ref _largestBatchAppends, appends, largest) != largest)
        {
        }
    }

    internal void Conflict() => _appendConflicts.Add(1);

    internal void Failed(int appends) => _appendFailures.Add(appends);

    internal void Deadlocked()
    {
        _batchDeadlocks.Add(1);
        Interlocked.Increment(ref _deadlocks);
    }

    internal void Faulted()
    {
        _writerFaults.Add(1);
        Interlocked.Increment(ref _faults);
    }

    internal void FellBack()
    {
        _batchFallbacks.Add(1);
        Interlocked.Increment(ref _fallbacks);
    }

    public void Dispose() => _meter.Dispose();
}
