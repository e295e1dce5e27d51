namespace FinAegis.Grains.Rates;

/// <summary>
/// The events of a pair's stream (key "FROM/TO"). The rate is kept as its exact decimal text ("1.20000000") so the
/// stored JSON never passes through a binary float. Never rename a property or reuse an [Id].
/// </summary>
[GenerateSerializer, Immutable, Alias("ExchangeRateEvent")]
public abstract record ExchangeRateEvent([property: Id(0)] DateTimeOffset OccurredAt);

/// <summary>A new rate for the pair. <see cref="FetchedAt"/> is strictly increasing per pair, in whole microseconds.</summary>
[GenerateSerializer, Immutable, Alias("ExchangeRateSet")]
public sealed record ExchangeRateSet(
    [property: Id(0)] string FromAsset,
    [property: Id(1)] string ToAsset,
    [property: Id(2)] string Rate,
    [property: Id(3)] string Source,
    [property: Id(4)] DateTimeOffset FetchedAt,
    [property: Id(5)] DateTimeOffset? ExpiresAt,
    [property: Id(6)] string? Metadata,
    [property: Id(7)] Guid SetBy,
    DateTimeOffset OccurredAt) : ExchangeRateEvent(OccurredAt);
