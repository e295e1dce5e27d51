using FinAegis.Grains.Abstractions.Common;
using FinAegis.Grains.Abstractions.Idempotency;

namespace FinAegis.Grains.Abstractions.Transfers;

/// <summary>
/// Starts a transfer on its source account. <see cref="TransferUuid"/> is the transfer's id and the operation id of
/// every step, so a retried start or a re-driven step applies once.
/// </summary>
[GenerateSerializer, Immutable, Alias("StartTransfer")]
public sealed record StartTransfer(
    [property: Id(0)] Caller Caller,
    [property: Id(1)] Guid TransferUuid,
    [property: Id(2)] Guid ToAccountUuid,
    [property: Id(3)] string AssetCode,
    [property: Id(4)] long Amount,
    [property: Id(5)] string? Reference,
    [property: Id(6)] string? Description,
    [property: Id(7)] IdempotencyClaim? Idempotency = null,
    /// <summary>When set and different from <see cref="AssetCode"/>: credit the destination in this asset at the rate of the moment.</summary>
    [property: Id(8)] string? ToAssetCode = null);

/// <summary>The credit leg, sent by the source account to the destination.</summary>
[GenerateSerializer, Immutable, Alias("TransferCredit")]
public sealed record TransferCredit(
    [property: Id(0)] Guid TransferUuid,
    [property: Id(1)] Guid FromAccountUuid,
    [property: Id(2)] string AssetCode,
    [property: Id(3)] long Amount,
    [property: Id(4)] string? Description,
    [property: Id(5)] Guid InitiatedBy,
    /// <summary>True when re-driven after a failure: the destination then also looks beyond its in-memory window.</summary>
    [property: Id(6)] bool IsRetry);

[GenerateSerializer, Immutable, Alias("TransferResult")]
public sealed record TransferResult(
    [property: Id(0)] TransferView? Transfer,
    [property: Id(1)] DomainError? Error,
    [property: Id(2)] bool Replayed = false)
{
    public static TransferResult Ok(TransferView transfer, bool replayed = false) => new(transfer, null, replayed);
    public static TransferResult Fail(DomainError error) => new(null, error);
}

/// <summary>The destination's answer to a credit: applied (now or earlier), or refused with a reason.</summary>
[GenerateSerializer, Immutable, Alias("CreditOutcome")]
public sealed record CreditOutcome([property: Id(0)] bool Applied, [property: Id(1)] DomainError? Refusal);
