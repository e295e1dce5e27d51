using System.Text.Json;

namespace FinAegis.Api.Accounts;

public sealed record CreateAccountRequest(string? Name, Guid? UserUuid);

public sealed record MoneyRequest(JsonElement? Amount, string? AssetCode, string? Description);

public sealed record StatusChangeRequest(string? Reason);

public sealed record BalanceDto(string AssetCode, long Balance, string Formatted);

public sealed record AccountDto(Guid Uuid, Guid UserUuid, string Name, string Status, long Balance,
    IReadOnlyList<BalanceDto> Balances, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Version);

public sealed record TransactionDto(Guid Uuid, Guid AccountUuid, string Type, string AssetCode, long Amount, long BalanceAfter,
    string Formatted, string? Description, Guid? TransferUuid, DateTimeOffset CreatedAt);

public sealed record AssetSummaryDto(string Code, string Name, string Type, int Precision);

public sealed record DetailedBalanceDto(string AssetCode, long Balance, string Formatted, AssetSummaryDto Asset);

/// <summary><see cref="UnpricedAssets"/>: assets held with no current rate to USD, left out of <see cref="TotalUsdEquivalent"/>.</summary>
public sealed record BalanceSummaryDto(int TotalAssets, long TotalUsdEquivalent, IReadOnlyList<string> UnpricedAssets);

public sealed record BalancesDto(Guid AccountUuid, IReadOnlyList<DetailedBalanceDto> Balances, BalanceSummaryDto Summary);

public sealed record TurnoverDto(string Period, string AssetCode, long Debit, long Credit);

public sealed record StreamEventDto(int AggregateVersion, string EventClass, JsonElement EventProperties, DateTimeOffset CreatedAt);

public sealed record DataEnvelope<T>(T Data);

public sealed record ListEnvelope<T>(IReadOnlyList<T> Data, string? NextCursor);
