namespace FinAegis.Grains.EventStore;

/// <summary>Who and what caused an event; stored in <c>meta_data</c> next to the append id and the chain hash.</summary>
public sealed record EventMetadata(Guid? OperationId = null, Guid? UserUuid = null, string? CorrelationId = null);
