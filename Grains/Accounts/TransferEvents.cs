namespace FinAegis.Grains.Accounts;

/// <summary>
/// On the source account's stream: a transfer begins. Raised in one batch with the debit (<see cref="MoneyTransferred"/>
/// with direction "out"), so a transfer is never started without its money having left, nor the reverse.
/// </summary>
[GenerateSerializer, Immutable, Alias("TransferInitiated")]
public sealed record TransferInitiated(
    [property: Id(0)] Guid TransferUuid,
    [property: Id(1)] Guid ToAccountUuid,
    [property: Id(2)] string AssetCode,
    [property: Id(3)] long Amount,
    [property: Id(4)] string ToAssetCode,
    [property: Id(5)] long ToAmount,
    [property: Id(6)] string? Rate,
    [property: Id(7)] string? Reference,
    [property: Id(8)] string? Description,
    [property: Id(9)] Guid InitiatedBy,
    DateTimeOffset OccurredAt,
    /// <summary>For a cross-asset transfer, the exact rate applied (numerator / denominator), fixed at the start.</summary>
    [property: Id(10)] string? RateNumerator = null,
    [property: Id(11)] string? RateDenominator = null) : AccountEvent(OccurredAt);

/// <summary>
/// Money moving because of a transfer: "out" debits the source, "in" credits the destination, "refund" credits the
/// source back when the credit could not land. <see cref="OperationId"/> identifies this leg on its account.
/// </summary>
[GenerateSerializer, Immutable, Alias("MoneyTransferred")]
public sealed record MoneyTransferred(
    [property: Id(0)] Guid OperationId,
    [property: Id(1)] Guid TransferUuid,
    [property: Id(2)] string Direction,
    [property: Id(3)] Guid CounterpartyAccountUuid,
    [property: Id(4)] string AssetCode,
    [property: Id(5)] long Amount,
    [property: Id(6)] long BalanceAfter,
    [property: Id(7)] string? Description,
    [property: Id(8)] Guid UserUuid,
    DateTimeOffset OccurredAt) : AccountEvent(OccurredAt)
{
    public const string Out = "out";
    public const string In = "in";
    public const string Refund = "refund";

    public bool IsCredit => Direction != Out;
}

/// <summary>On the source account's stream: the destination was credited.</summary>
[GenerateSerializer, Immutable, Alias("TransferCompleted")]
public sealed record TransferCompleted([property: Id(0)] Guid TransferUuid, DateTimeOffset OccurredAt) : AccountEvent(OccurredAt);

/// <summary>On the source account's stream: the credit was refused; raised with the refund.</summary>
[GenerateSerializer, Immutable, Alias("TransferFailed")]
public sealed record TransferFailed([property: Id(0)] Guid TransferUuid, [property: Id(1)] string Reason, DateTimeOffset OccurredAt)
    : AccountEvent(OccurredAt);
