namespace FinAegis.Grains.EventStore;

/// <summary>One row of <c>stored_events</c> as read back.</summary>
public sealed record StoredEvent(long Id, string AggregateUuid, int Version, string EventClass, string PropertiesJson, string MetadataJson, DateTimeOffset CreatedAt);
