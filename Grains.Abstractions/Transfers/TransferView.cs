namespace FinAegis.Grains.Abstractions.Transfers;

/// <summary>A transfer as SPEC §6 shows it. Amounts in minor units; <see cref="Rate"/> is the exact decimal text.</summary>
[GenerateSerializer, Immutable, Alias("TransferView")]
public sealed record TransferView(
    [property: Id(0)] Guid Uuid,
    [property: Id(1)] string Status,
    [property: Id(2)] Guid FromAccountUuid,
    [property: Id(3)] Guid ToAccountUuid,
    [property: Id(4)] string AssetCode,
    [property: Id(5)] long Amount,
    [property: Id(6)] string ToAssetCode,
    [property: Id(7)] long ToAmount,
    [property: Id(8)] string? Rate,
    [property: Id(9)] string? Reference,
    [property: Id(10)] string? Description,
    [property: Id(11)] string? FailureReason,
    [property: Id(12)] DateTimeOffset CreatedAt,
    [property: Id(13)] DateTimeOffset? CompletedAt);
