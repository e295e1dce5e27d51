namespace FinAegis.Grains.Abstractions.Accounts;

/// <summary>One raw event of an account's stream (SPEC §5 events endpoint).</summary>
[GenerateSerializer, Immutable, Alias("StreamEventView")]
public sealed record StreamEventView(
    [property: Id(0)] int AggregateVersion,
    [property: Id(1)] string EventClass,
    [property: Id(2)] string EventPropertiesJson,
    [property: Id(3)] DateTimeOffset CreatedAt);

/// <summary>A day's debits and credits of one asset on one account (the `turnovers` projection).</summary>
[GenerateSerializer, Immutable, Alias("TurnoverView")]
public sealed record TurnoverView(
    [property: Id(0)] DateOnly Period,
    [property: Id(1)] string AssetCode,
    [property: Id(2)] long Debit,
    [property: Id(3)] long Credit);

[GenerateSerializer, Immutable, Alias("TransactionQuery")]
public sealed record TransactionQuery(
    [property: Id(0)] Guid AccountUuid,
    [property: Id(1)] string? AssetCode,
    [property: Id(2)] string? Type,
    [property: Id(3)] int Limit,
    [property: Id(4)] string? Cursor);
