using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FinAegis.Grains.Abstractions.Accounts;
using FinAegis.Grains.Abstractions.Assets;
using FinAegis.Grains.Abstractions.Common;
using FinAegis.Grains.Abstractions.Money;
using FinAegis.Grains.Abstractions.Rates;
using FinAegis.Grains.EventStore;
using Microsoft.Extensions.Logging;

namespace FinAegis.Grains.Accounts;

/// <summary>
/// In-account currency exchange (SPEC §7). The effective rate is fetched once, before validation, from the rate
/// grains (never inside Apply); the amounts follow from it by the exact rule of <see cref="CurrencyConversion"/>; both
/// legs are raised together, conditionally, so they land in one append or not at all.
/// </summary>
public sealed partial class AccountGrain
{
    public Task<ExchangeResult> Exchange(ExchangeCurrency command) => UnderClaimAsync(command.Idempotency,
        () => ExchangeAsync(command), result => result.Exchange, ExchangeResult.Fail, ExchangeResult.Ok);

    private async Task<ExchangeResult> ExchangeAsync(ExchangeCurrency command)
    {
        if (!TentativeState.Exists)
        {
            DeactivateOnIdle();
            return ExchangeResult.Fail(NotFound().Error!);
        }
        if (!command.Caller.MayAccess(TentativeState.UserUuid))
        {
            return ExchangeResult.Fail(Forbidden().Error!);
        }
        if (command.Amount <= 0 || command.Amount > MinorUnits.Max)
        {
            return ExchangeResult.Fail(DomainError.Of(ErrorCodes.ValidationFailed, "The amount must be positive and at most 2^53-1 minor units."));
        }
        if (command.FromAsset == command.ToAsset)
        {
            return ExchangeResult.Fail(DomainError.Of(ErrorCodes.ValidationFailed, "The two assets of an exchange must differ."));
        }
        if (TentativeState.FindExchange(command.OperationId) is not null)
        {
            return await ReplayExchangeAsync(command);
        }
        var (from, to, assetRefusal) = await FindExchangeAssetsAsync(command);
        if (assetRefusal is not null)
        {
            return ExchangeResult.Fail(assetRefusal);
        }
        if (CheckStatus(TentativeState) is { } statusRefusal)
        {
            return ExchangeResult.Fail(statusRefusal);
        }
        var quoted = await GrainFactory.Grain<IExchangeRateResolverGrain>(0).Resolve(command.FromAsset, command.ToAsset);
        if (quoted.Quote is not { } quote)
        {
            return ExchangeResult.Fail(quoted.Error!);
        }
        var rate = quote.ToExact();
        switch (CurrencyConversion.TryConvert(command.Amount, from!.Precision, to!.Precision, rate, out var toAmount))
        {
            case CurrencyConversion.Error.AmountTooSmall:
                return ExchangeResult.Fail(DomainError.Of(ErrorCodes.AmountTooSmall,
                    $"At the current rate the amount converts to less than one minor unit of {command.ToAsset}."));
            case CurrencyConversion.Error.TooLarge:
                return ExchangeResult.Fail(DomainError.Of(ErrorCodes.ValidationFailed,
                    $"At the current rate the amount converts to more than 2^53-1 minor units of {command.ToAsset}."));
        }
        var rateText = rate.ToDecimalString();
        var numerator = rate.Numerator.ToString(CultureInfo.InvariantCulture);
        var denominator = rate.Denominator.ToString(CultureInfo.InvariantCulture);
        var description = $"Exchange {command.FromAsset} to {command.ToAsset} at {rateText} ({quote.Derivation})";
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var state = TentativeState;
            if (state.FindExchange(command.OperationId) is not null)
            {
                return await ReplayExchangeAsync(command);
            }
            if ((CheckStatus(state) ?? CheckExchangeFunds(state, command, toAmount)) is { } refusal)
            {
                return ExchangeResult.Fail(refusal);
            }
            var now = StoredTime.Now();
            var fromAfter = state.BalanceOf(command.FromAsset) - command.Amount;
            var toAfter = state.BalanceOf(command.ToAsset) + toAmount;
            AccountEvent[] legs =
            [
                new AssetExchangedOut(command.OperationId, command.OperationId, command.FromAsset, command.Amount, fromAfter,
                    command.ToAsset, toAmount, rateText, numerator, denominator, quote.Derivation, description, command.Caller.UserUuid, now),
                new AssetExchangedIn(IncomingLegId(command.OperationId), command.OperationId, command.ToAsset, toAmount, toAfter,
                    command.FromAsset, command.Amount, rateText, numerator, denominator, quote.Derivation, description, command.Caller.UserUuid, now),
            ];
            if (command.Idempotency is not null)
            {
                _claims[command.OperationId] = command.Idempotency;
            }
            bool applied;
            try
            {
                applied = await RaiseConditionalEvents(legs);
            }
            finally
            {
                _claims.Remove(command.OperationId);
            }
            if (applied)
            {
                return ExchangeResult.Ok(State.FindExchange(command.OperationId)!);
            }
            logger.LogDebug("Account {Account}: position moved under exchange {Operation}; re-validating", AccountUuid, command.OperationId);
        }
        return ExchangeResult.Fail(Contention().Error!);
    }

    /// <summary>The transaction id of an exchange's incoming leg: derived, so the two legs show as two transactions.</summary>
    public static Guid IncomingLegId(Guid exchangeUuid)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.ASCII.GetBytes("exchange-in:" + exchangeUuid.ToString("D")), hash);
        var bytes = hash[..16];
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    private async Task<ExchangeResult> ReplayExchangeAsync(ExchangeCurrency command)
    {
        await ConfirmEvents();
        return State.FindExchange(command.OperationId) is { } confirmed
            ? ExchangeResult.Ok(confirmed, replayed: true)
            : ExchangeResult.Fail(Contention().Error!);
    }

    private async Task<(AssetInfo? From, AssetInfo? To, DomainError? Refusal)> FindExchangeAssetsAsync(ExchangeCurrency command)
    {
        var from = await assets.FindAsync(command.FromAsset);
        var to = await assets.FindAsync(command.ToAsset);
        foreach (var (code, asset) in new[] { (command.FromAsset, from), (command.ToAsset, to) })
        {
            if (asset is null)
            {
                return (null, null, DomainError.Of(ErrorCodes.AssetNotFound, $"Unknown asset {code}."));
            }
            if (!asset.IsActive)
            {
                return (null, null, DomainError.Of(ErrorCodes.AssetInactive, $"The asset {code} is not active."));
            }
        }
        return (from, to, null);
    }

    private static DomainError? CheckStatus(AccountState state) => state.Status switch
    {
        AccountStatus.Closed => DomainError.Of(ErrorCodes.AccountClosed, "The account is closed."),
        AccountStatus.Frozen => DomainError.Of(ErrorCodes.AccountFrozen, "The account is frozen."),
        _ => null,
    };

    private static DomainError? CheckExchangeFunds(AccountState state, ExchangeCurrency command, long toAmount)
    {
        var balance = state.BalanceOf(command.FromAsset);
        if (balance < command.Amount)
        {
            return InsufficientFunds(balance, command.Amount);
        }
        if (state.BalanceOf(command.ToAsset) > MinorUnits.Max - toAmount)
        {
            return DomainError.Of(ErrorCodes.ValidationFailed, $"The {command.ToAsset} balance would exceed 2^53-1 minor units.");
        }
        return null;
    }
}
