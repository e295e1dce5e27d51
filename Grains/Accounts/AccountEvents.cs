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
