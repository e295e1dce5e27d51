namespace FinAegis.Grains.Accounts;

/// <summary>
/// The events of an account's stream, stored as JSON in `stored_events` under the stable names of
/// <see cref="AccountEventCodec"/>. Amounts are minor units. Never rename a property (stored JSON depends on it) and
/// never reorder or reuse an [Id] (the Orleans copy of the tentative state depends on it).
/// </summary>
[GenerateSerializer, Immutable, Alias("AccountEvent")]
public abstract record AccountEvent([property: Id(0)] DateTimeOffset OccurredAt);

[GenerateSerializer, Immutable, Alias("AccountCreated")]
public sealed record AccountCreated(
    [property: Id(0)] Guid AccountUuid,
    [property: Id(1)] Guid UserUuid,
    [property: Id(2)] string Name,
    [property: Id(3)] Guid CreatedBy,
    DateTimeOffset OccurredAt) : AccountEvent(OccurredAt);

/// <summary>A credit: a deposit (and, later, the incoming legs of transfers and exchanges).</summary>
[GenerateSerializer, Immutable, Alias("MoneyAdded")]
public sealed record MoneyAdded(
    [property: Id(0)] Guid OperationId,
    [property: Id(1)] string AssetCode,
    [property: Id(2)] long Amount,
    [property: Id(3)] long BalanceAfter,
    [property: Id(4)] string? Description,
    [property: Id(5)] Guid UserUuid,
    DateTimeOffset OccurredAt) : AccountEvent(OccurredAt);

/// <summary>A debit: a withdrawal.</summary>
[GenerateSerializer, Immutable, Alias("MoneySubtracted")]
public sealed record MoneySubtracted(
    [property: Id(0)] Guid OperationId,
    [property: Id(1)] string AssetCode,
    [property: Id(2)] long Amount,
    [property: Id(3)] long BalanceAfter,
    [property: Id(4)] string? Description,
    [property: Id(5)] Guid UserUuid,
    DateTimeOffset OccurredAt) : AccountEvent(OccurredAt);

[GenerateSerializer, Immutable, Alias("AccountFrozen")]
public sealed record AccountFrozen([property: Id(0)] string? Reason, [property: Id(1)] Guid FrozenBy, DateTimeOffset OccurredAt)
    : AccountEvent(OccurredAt);

[GenerateSerializer, Immutable, Alias("AccountUnfrozen")]
public sealed record AccountUnfrozen([property: Id(0)] string? Reason, [property: Id(1)] Guid UnfrozenBy, DateTimeOffset OccurredAt)
    : AccountEvent(OccurredAt);

[GenerateSerializer, Immutable, Alias("AccountClosed")]
public sealed record AccountClosed([property: Id(0)] string? Reason, [property: Id(1)] Guid ClosedBy, DateTimeOffset OccurredAt)
    : AccountEvent(OccurredAt);

/// <summary>
/// The outgoing leg of an in-account exchange: <see cref="Amount"/> of <see cref="AssetCode"/> left the account.
/// Always raised in one batch with its <see cref="AssetExchangedIn"/>. The exact rate used is recorded
/// (<see cref="RateNumerator"/>/<see cref="RateDenominator"/>), so the incoming amount can be recomputed by anyone.
/// </summary>
[GenerateSerializer, Immutable, Alias("AssetExchangedOut")]
public sealed record AssetExchangedOut(
    [property: Id(0)] Guid OperationId,
    [property: Id(1)] Guid ExchangeUuid,
    [property: Id(2)] string AssetCode,
    [property: Id(3)] long Amount,
    [property: Id(4)] long BalanceAfter,
    [property: Id(5)] string CounterAssetCode,
    [property: Id(6)] long CounterAmount,
    [property: Id(7)] string Rate,
    [property: Id(8)] string RateNumerator,
    [property: Id(9)] string RateDenominator,
    [property: Id(10)] string Derivation,
    [property: Id(11)] string? Description,
    [property: Id(12)] Guid UserUuid,
    DateTimeOffset OccurredAt) : AccountEvent(OccurredAt);

/// <summary>The incoming leg of an in-account exchange (see <see cref="AssetExchangedOut"/>).</summary>
[GenerateSerializer, Immutable, Alias("AssetExchangedIn")]
public sealed record AssetExchangedIn(
    [property: Id(0)] Guid OperationId,
    [property: Id(1)] Guid ExchangeUuid,
    [property: Id(2)] string AssetCode,
    [property: Id(3)] long Amount,
    [property: Id(4)] long BalanceAfter,
    [property: Id(5)] string CounterAssetCode,
    [property: Id(6)] long CounterAmount,
    [property: Id(7)] string Rate,
    [property: Id(8)] string RateNumerator,
    [property: Id(9)] string RateDenominator,
    [property: Id(10)] string Derivation,
    [property: Id(11)] string? Description,
    [property: Id(12)] Guid UserUuid,
    DateTimeOffset OccurredAt) : AccountEvent(OccurredAt);
