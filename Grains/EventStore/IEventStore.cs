namespace FinAegis.Grains.EventStore;

/// <summary>The event store every event-sourced grain reads from and appends to.</summary>
public interface IEventStore
{
    Task<StreamRead> ReadStreamAsync(string aggregateUuid, CancellationToken cancellationToken = default);

    /// <summary>Every event of the stream from its first, ignoring its snapshot (one that cannot be read).</summary>
    Task<StreamRead> ReadStreamFromStartAsync(string aggregateUuid, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends atomically with the request's snapshot and read-model writes. Returns Appended = false for a stale
    /// ExpectedVersion. Faults with <see cref="AppendRefusedException"/> (or ArgumentException for a malformed request)
    /// when nothing was written and retrying cannot help, and with any other exception when the outcome is unknown:
    /// then retry with the same AppendId. The token only cancels waiting for room in the writer's queue: once queued, an append is written.
    /// </summary>
    Task<AppendResult> AppendAsync(AppendRequest request, CancellationToken cancellationToken = default);
}
