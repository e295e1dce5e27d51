namespace FinAegis.Grains.EventStore;

/// <summary>
/// The database definitely refused an append (a CHECK constraint, a bad value...): nothing of it was written, and
/// sending it again will fail again. Unlike a lost connection, this is not an unknown outcome.
/// </summary>
public sealed class AppendRefusedException(string aggregateUuid, Guid appendId, Exception innerException)
    : Exception($"The event store refused append {appendId} to stream {aggregateUuid}: {innerException.Message}", innerException)
{
    public string AggregateUuid { get; } = aggregateUuid;

    public Guid AppendId { get; } = appendId;
}
