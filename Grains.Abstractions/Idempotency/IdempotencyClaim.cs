namespace FinAegis.Grains.Abstractions.Idempotency;

/// <summary>
/// A client's Idempotency-Key as claimed by one request: the grain that applies the request writes it, with the
/// result, into `idempotency_keys` in the same transaction as its events.
/// </summary>
[GenerateSerializer, Immutable, Alias("IdempotencyClaim")]
public sealed record IdempotencyClaim(
    [property: Id(0)] Guid UserUuid,
    [property: Id(1)] string Key,
    [property: Id(2)] string RequestHash);
