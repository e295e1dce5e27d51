namespace FinAegis.Grains.Abstractions.Accounts;

/// <summary>One money movement on one account (SPEC §5 "transaction").</summary>
[GenerateSerializer, Immutable, Alias("TransactionView")]
public sealed record TransactionView(
    [property: Id(0)] Guid Uuid,
    [property: Id(1)] Guid AccountUuid,
    [property: Id(2)] string Type,
    [property: Id(3)] string AssetCode,
    [property: Id(4)] long Amount,
    [property: Id(5)] long BalanceAfter,
    [property: Id(6)] string? Description,
    [property: Id(7)] Guid? TransferUuid,
    [property: Id(8)] DateTimeOffset CreatedAt);
