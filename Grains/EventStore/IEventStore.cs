namespace FinAegis.Grains.EventStore;

/// <summary>The event store every event-sourced grain reads from and appends to.</summary>
public interface IEventStore
{
    Task<StreamRead> ReadStreamAsync(string aggregateUuid, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends atomically with the request's snapshot and read-model writes. Returns Appended = false for a stale
    /// ExpectedVersion; faults when the outcome is unknown (retry with the same AppendId) or the database refused the
    /// rows. The token only cancels waiting for room in the writer's queue: once queued, an append is written.
    /// </summary>
    Task<AppendResult> AppendAsync(AppendRequest request, CancellationToken cancellationToken = default);
}
