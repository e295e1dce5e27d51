using FinAegis.Grains.Abstractions.Common;
using FinAegis.Grains.Abstractions.Idempotency;

namespace FinAegis.Grains.Abstractions.Accounts;

[GenerateSerializer, Immutable, Alias("OpenAccount")]
public sealed record OpenAccount(
    [property: Id(0)] Caller Caller,
    [property: Id(1)] Guid OwnerUuid,
    [property: Id(2)] string Name);

/// <summary>
/// A deposit or withdrawal. <see cref="OperationId"/> makes it idempotent inside the grain (a retried call with the
/// same id applies once and returns the first result); <see cref="Idempotency"/> is the client's key, stored durably
/// with the events.
/// </summary>
[GenerateSerializer, Immutable, Alias("MoveMoney")]
public sealed record MoveMoney(
    [property: Id(0)] Caller Caller,
    [property: Id(1)] Guid OperationId,
    [property: Id(2)] string AssetCode,
    [property: Id(3)] long Amount,
    [property: Id(4)] string? Description,
    [property: Id(5)] IdempotencyClaim? Idempotency = null);

[GenerateSerializer, Immutable, Alias("ChangeAccountStatus")]
public sealed record ChangeAccountStatus(
    [property: Id(0)] Caller Caller,
    [property: Id(1)] string? Reason);
