using FinAegis.Grains.Abstractions.Common;
using FinAegis.Grains.Abstractions.Idempotency;

namespace FinAegis.Grains.Abstractions.Accounts;

/// <summary>
/// Converts <see cref="Amount"/> minor units of <see cref="FromAsset"/> into <see cref="ToAsset"/> inside one
/// account at the current effective rate (SPEC §7). <see cref="OperationId"/> makes a retry apply once.
/// </summary>
[GenerateSerializer, Immutable, Alias("ExchangeCurrency")]
public sealed record ExchangeCurrency(
    [property: Id(0)] Caller Caller,
    [property: Id(1)] Guid OperationId,
    [property: Id(2)] string FromAsset,
    [property: Id(3)] string ToAsset,
    [property: Id(4)] long Amount,
    [property: Id(5)] IdempotencyClaim? Idempotency = null);

/// <summary>
/// A completed in-account exchange. <see cref="Rate"/> is the effective rate as decimal text (truncated for display);
/// <see cref="RateNumerator"/>/<see cref="RateDenominator"/> are the exact fraction the amounts were computed with.
/// </summary>
[GenerateSerializer, Immutable, Alias("ExchangeView")]
public sealed record ExchangeView(
    [property: Id(0)] Guid Uuid,
    [property: Id(1)] Guid AccountUuid,
    [property: Id(2)] string FromAsset,
    [property: Id(3)] string ToAsset,
    [property: Id(4)] long FromAmount,
    [property: Id(5)] long ToAmount,
    [property: Id(6)] string Rate,
    [property: Id(7)] string RateNumerator,
    [property: Id(8)] string RateDenominator,
    [property: Id(9)] string Derivation,
    [property: Id(10)] long FromBalanceAfter,
    [property: Id(11)] long ToBalanceAfter,
    [property: Id(12)] DateTimeOffset CreatedAt);

[GenerateSerializer, Immutable, Alias("ExchangeResult")]
public sealed record ExchangeResult(
    [property: Id(0)] ExchangeView? Exchange,
    [property: Id(1)] DomainError? Error,
    [property: Id(2)] bool Replayed = false)
{
    public static ExchangeResult Ok(ExchangeView exchange, bool replayed = false) => new(exchange, null, replayed);
    public static ExchangeResult Fail(DomainError error) => new(null, error);
}
