using System.Text.Json;

namespace FinAegis.Api.Rates;

public sealed record SetRateRequest(string? FromAsset, string? ToAsset, JsonElement? Rate, string? Source, string? ExpiresAt, JsonElement? Metadata);

/// <summary>A stored rate (current or history). Rates are decimal strings so no client parses them as floats.</summary>
public sealed record RateDto(string FromAsset, string ToAsset, string Rate, string InverseRate, string Source,
    DateTimeOffset FetchedAt, DateTimeOffset? ExpiresAt, bool IsActive, long AgeMinutes, JsonElement? Metadata);

public sealed record RateLegDto(string FromAsset, string ToAsset, string Rate, bool Inverted, string Source, DateTimeOffset FetchedAt, DateTimeOffset? ExpiresAt);

/// <summary>An effective rate: `rate` is truncated to 12 decimals for display; conversions use the exact legs.</summary>
public sealed record EffectiveRateDto(string FromAsset, string ToAsset, string Rate, string InverseRate, string Derivation,
    DateTimeOffset FetchedAt, DateTimeOffset? ExpiresAt, IReadOnlyList<RateLegDto> Legs);

public sealed record QuoteDto(string FromAsset, string ToAsset, long FromAmount, string FromFormatted, long ToAmount, string ToFormatted,
    string Rate, string Derivation, DateTimeOffset? ExpiresAt);

public sealed record ConvertRequest(Guid? AccountUuid, string? FromAsset, string? ToAsset, JsonElement? Amount);

public sealed record ExchangeBalanceDto(string AssetCode, long Balance, string Formatted);

public sealed record ExchangeDto(Guid Uuid, Guid AccountUuid, string FromAsset, string ToAsset, long FromAmount, long ToAmount,
    string Rate, string Derivation, IReadOnlyList<ExchangeBalanceDto> Balances, DateTimeOffset CreatedAt);
