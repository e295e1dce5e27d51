namespace FinAegis.Grains.EventStore;

/// <summary>An event to append: a stable short class name ("MoneyAdded") and its JSON properties.</summary>
public sealed record NewEvent(string EventClass, string PropertiesJson, DateTimeOffset CreatedAt, EventMetadata Metadata);
