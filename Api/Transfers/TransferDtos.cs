using System.Text.Json;

namespace FinAegis.Api.Transfers;

public sealed record CreateTransferRequest(string? FromAccountUuid, string? ToAccountUuid, JsonElement? Amount, string? AssetCode,
    string? ToAssetCode, string? Reference, string? Description);

public sealed record TransferDto(Guid Uuid, string Status, Guid FromAccountUuid, Guid ToAccountUuid, string AssetCode, long Amount,
    string Formatted, string ToAssetCode, long ToAmount, string? Rate, string? Reference, string? Description, string? FailureReason,
    DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt);
