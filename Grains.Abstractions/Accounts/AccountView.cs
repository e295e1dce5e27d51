namespace FinAegis.Grains.Abstractions.Accounts;

/// <summary>An account as its grain sees it: balances in minor units per asset code.</summary>
[GenerateSerializer, Immutable, Alias("AccountView")]
public sealed record AccountView(
    [property: Id(0)] Guid Uuid,
    [property: Id(1)] Guid UserUuid,
    [property: Id(2)] string Name,
    [property: Id(3)] string Status,
    [property: Id(4)] IReadOnlyDictionary<string, long> Balances,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] DateTimeOffset UpdatedAt,
    [property: Id(7)] int Version);
