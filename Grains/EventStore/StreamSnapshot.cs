namespace FinAegis.Grains.EventStore;

/// <summary>The state of a stream after <see cref="Version"/> events, as the grain serialized it.</summary>
public sealed record StreamSnapshot(int Version, string StateJson);
