namespace FinAegis.Grains.EventStore;

/// <summary>
/// A stream as read: the latest snapshot (if any), the events after it in order, the last version (0 = empty
/// stream), the chain hash of the last event (null for an empty stream) and the class of the stream's first event,
/// which says what kind of aggregate the stream belongs to (null for an empty stream).
/// </summary>
public sealed record StreamRead(StreamSnapshot? Snapshot, IReadOnlyList<StoredEvent> Events, int Version, string? LastHash,
    string? FirstEventClass = null);
