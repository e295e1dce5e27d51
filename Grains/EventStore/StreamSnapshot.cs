namespace FinAegis.Grains.EventStore;

/// <summary>
/// The state of a stream after <see cref="Version"/> events, as the grain serialized it. <see cref="ReplacesStored"/>
/// says the stream already has a snapshot row (read at activation or written since), so the store updates that row
/// in place: an insert-or-update would first write the whole new row, then roll it back on the duplicate key, and a
/// snapshot is the largest row an append writes.
/// </summary>
public sealed record StreamSnapshot(int Version, string StateJson, bool ReplacesStored = false);
