namespace FinAegis.Grains.EventStore;

/// <summary>
/// Appends <see cref="Events"/> at versions ExpectedVersion+1.. of a stream. <see cref="PreviousHash"/> is the chain
/// hash of the event at ExpectedVersion (null when ExpectedVersion is 0). <see cref="AppendId"/> identifies this
/// append across retries: re-sending the same request after an unknown outcome never writes it twice.
/// </summary>
public sealed record AppendRequest(string AggregateUuid, int ExpectedVersion, string? PreviousHash, Guid AppendId,
    IReadOnlyList<NewEvent> Events, StreamSnapshot? Snapshot, IReadOnlyList<ReadModelWrite> ReadModelWrites);
