namespace FinAegis.Grains.Integrity;

public enum DifferenceKind
{
    /// <summary>A broken hash chain or version sequence in stored_events (an edited, forged or deleted event).</summary>
    Chain,

    /// <summary>An event that cannot be replayed, or a stream inconsistent with itself (balance_after, overdraft).</summary>
    Replay,

    /// <summary>A stream whose first event no registered <see cref="IStreamProjection"/> owns.</summary>
    UnknownStream,

    /// <summary>A read-model row the events produce is missing.</summary>
    MissingRow,

    /// <summary>A read-model row holds a value other than the events produce.</summary>
    ValueMismatch,

    /// <summary>A read-model row of a stream that its events do not produce.</summary>
    UnexpectedRow,

    /// <summary>A read-model row whose stream does not exist at all.</summary>
    OrphanRow,
}

/// <summary>One finding of verify (or one repair of rebuild-projections), naming the stream, the row and the values.</summary>
public sealed record IntegrityDifference(DifferenceKind Kind, string Stream, string Where, string Detail, bool Repaired = false)
{
    public override string ToString() => $"{(Repaired ? "repaired " : "")}{Kind}: stream {Stream}: {Where}: {Detail}";
}

/// <summary>Counts reported while verify or rebuild runs.</summary>
public sealed record IntegrityProgress(long Streams, long Events, long Differences);

/// <summary>The outcome of a verify or rebuild run.</summary>
public sealed record IntegrityReport(long Streams, long Events, long Differences, long RowsWritten, long RowsDeleted, TimeSpan Elapsed)
{
    /// <summary>True when nothing is left that disagrees (after a rebuild: nothing it could not repair).</summary>
    public bool IsClean => Differences == 0;
}
