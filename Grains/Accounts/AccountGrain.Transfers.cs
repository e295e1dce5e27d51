using System.Security.Cryptography;
using System.Text;
using FinAegis.Grains.Abstractions.Accounts;
using FinAegis.Grains.Abstractions.Common;
using FinAegis.Grains.Abstractions.Money;
using FinAegis.Grains.Abstractions.Rates;
using FinAegis.Grains.Abstractions.Transfers;
using FinAegis.Grains.EventStore;
using FinAegis.Grains.Transfers;
using Microsoft.Extensions.Logging;

namespace FinAegis.Grains.Accounts;

/// <summary>
/// Transfers, coordinated by the source account (DESIGN.md's second shape): start and debit are one event batch of
/// the source's own stream, the credit is one batch on the destination's, and completion (or refund) one more on the
/// source. Every step is idempotent by the transfer id, so the recovery sweeper may re-drive a pending transfer from
/// any silo at any time.
/// </summary>
public sealed partial class AccountGrain
{
    /// <summary>How long the source waits for the destination's credit before answering "pending".</summary>
    private static readonly TimeSpan _creditDeadline = TimeSpan.FromSeconds(5);

    public Task<TransferResult> StartTransfer(StartTransfer command) => UnderClaimAsync(command.Idempotency,
        () => StartTransferAsync(command), result => result.Transfer, TransferResult.Fail, TransferResult.Ok);

    private async Task<TransferResult> StartTransferAsync(StartTransfer command)
    {
        if (!TentativeState.Exists)
        {
            DeactivateOnIdle();
            return TransferResult.Fail(DomainError.Of(ErrorCodes.AccountNotFound, "No such source account."));
        }
        if (!command.Caller.MayAccess(TentativeState.UserUuid))
        {
            return TransferResult.Fail(DomainError.Of(ErrorCodes.Forbidden, "The source account belongs to another user."));
        }
        if (command.ToAccountUuid == AccountUuid)
        {
            return TransferResult.Fail(DomainError.Of(ErrorCodes.SameAccount, "The source and destination are the same account."));
        }
        if (command.Amount <= 0 || command.Amount > MinorUnits.Max)
        {
            return TransferResult.Fail(DomainError.Of(ErrorCodes.ValidationFailed, "The amount must be positive and at most 2^53-1 minor units."));
        }
        var asset = await assets.FindAsync(command.AssetCode);
        if (asset is null)
        {
            return TransferResult.Fail(DomainError.Of(ErrorCodes.AssetNotFound, $"Unknown asset {command.AssetCode}."));
        }
        // A cross-asset transfer fixes its rate and credited amount now, before any money moves (SPEC §6).
        var credit = await PriceCreditAsync(command, asset);
        if (credit.Refusal is not null)
        {
            return TransferResult.Fail(credit.Refusal);
        }
        // Refuse before any money moves when the destination cannot take the credit now; asked from here rather than
        // by the API, so a transfer costs one call from the API, not two.
        if (TentativeState.FindTransfer(command.TransferUuid) is null
            && await GrainFactory.Grain<IAccountGrain>(command.ToAccountUuid).CheckCanReceive(credit.AssetCode) is { } destinationRefusal)
        {
            return TransferResult.Fail(destinationRefusal);
        }
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var state = TentativeState;
            if (state.FindTransfer(command.TransferUuid) is not null)
            {
                // The same transfer again (a client retry or a duplicate in flight): settle it, never start it twice.
                await ConfirmEvents();
                if (State.FindTransfer(command.TransferUuid) is { } known)
                {
                    var settled = known.Status == TransferStatus.Pending ? await DriveTransfer(command.TransferUuid, isRetry: true) : known;
                    return TransferResult.Ok(settled, replayed: true);
                }
                continue;
            }
            var refusal = state.Status switch
            {
                AccountStatus.Closed => DomainError.Of(ErrorCodes.AccountClosed, "The source account is closed."),
                AccountStatus.Frozen => DomainError.Of(ErrorCodes.SourceAccountFrozen, "The source account is frozen."),
                _ when !asset.IsActive => DomainError.Of(ErrorCodes.AssetInactive, $"The asset {command.AssetCode} is not active."),
                _ => null,
            };
            if (refusal is not null)
            {
                return TransferResult.Fail(refusal);
            }
            var balance = state.BalanceOf(command.AssetCode);
            if (balance < command.Amount)
            {
                return TransferResult.Fail(InsufficientFunds(balance, command.Amount));
            }
            var now = StoredTime.Now();
            AccountEvent[] start =
            [
                new TransferInitiated(command.TransferUuid, command.ToAccountUuid, command.AssetCode, command.Amount, credit.AssetCode,
                    credit.Amount, credit.Rate?.ToDecimalString(), command.Reference, command.Description, command.Caller.UserUuid, now,
                    credit.Rate?.Numerator.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    credit.Rate?.Denominator.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new MoneyTransferred(command.TransferUuid, command.TransferUuid, MoneyTransferred.Out, command.ToAccountUuid,
                    command.AssetCode, command.Amount, balance - command.Amount, command.Description, command.Caller.UserUuid, now),
            ];
            if (command.Idempotency is not null)
            {
                _claims[command.TransferUuid] = command.Idempotency;
            }
            bool started;
            try
            {
                started = await RaiseConditionalEvents(start);
            }
            finally
            {
                _claims.Remove(command.TransferUuid);
            }
            if (started)
            {
                return TransferResult.Ok(TransferMetrics.Answered(await DriveTransfer(command.TransferUuid, isRetry: false)));
            }
        }
        return TransferResult.Fail(DomainError.Of(ErrorCodes.Unavailable, "The account is under contention; retry."));
    }

    /// <summary>What the destination receives: the same amount and asset, or the converted amount at the current rate.</summary>
    private async Task<(string AssetCode, long Amount, ExactRate? Rate, DomainError? Refusal)> PriceCreditAsync(StartTransfer command,
        Abstractions.Assets.AssetInfo asset)
    {
        if (command.ToAssetCode is null || command.ToAssetCode == command.AssetCode)
        {
            return (command.AssetCode, command.Amount, null, null);
        }
        var target = await assets.FindAsync(command.ToAssetCode);
        if (target is null)
        {
            return ("", 0, null, DomainError.Of(ErrorCodes.AssetNotFound, $"Unknown asset {command.ToAssetCode}."));
        }
        if (!target.IsActive)
        {
            return ("", 0, null, DomainError.Of(ErrorCodes.AssetInactive, $"The asset {command.ToAssetCode} is not active."));
        }
        var quoted = await GrainFactory.Grain<IExchangeRateResolverGrain>(0).Resolve(command.AssetCode, command.ToAssetCode);
        if (quoted.Quote is not { } quote)
        {
            return ("", 0, null, quoted.Error);
        }
        var rate = quote.ToExact();
        return CurrencyConversion.TryConvert(command.Amount, asset.Precision, target.Precision, rate, out var toAmount) switch
        {
            CurrencyConversion.Error.AmountTooSmall => ("", 0, null, DomainError.Of(ErrorCodes.AmountTooSmall,
                $"At the current rate the amount converts to less than one minor unit of {command.ToAssetCode}.")),
            CurrencyConversion.Error.TooLarge => ("", 0, null, DomainError.Of(ErrorCodes.ValidationFailed,
                $"At the current rate the amount converts to more than 2^53-1 minor units of {command.ToAssetCode}.")),
            _ => (target.Code, toAmount, rate, null),
        };
    }

    public Task<DomainError?> CheckCanReceive(string assetCode)
    {
        if (!TentativeState.Exists)
        {
            DeactivateOnIdle();
            return Task.FromResult<DomainError?>(DomainError.Of(ErrorCodes.DestinationAccountNotFound, "No such destination account."));
        }
        return Task.FromResult(CreditRefusal(TentativeState, assetCode, assetActive: assets.TryGet(assetCode, out var asset) && asset.IsActive, 0));
    }

    public async Task<CreditOutcome> ReceiveTransfer(TransferCredit credit)
    {
        // Every await happens before the check-and-raise loop: a reentrant grain interleaves other calls at an await,
        // and a duplicate credit must never slip in between the check and the raise.
        var asset = await assets.FindAsync(credit.AssetCode);
        // A credit applied long ago, beyond the in-memory window: the stored stream itself is the proof. One applied
        // after this query would be in the window below.
        var storedEarlier = credit.IsRetry && await CreditAlreadyStoredAsync(credit.TransferUuid);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var state = TentativeState;
            if (!state.Exists)
            {
                DeactivateOnIdle();
                return new CreditOutcome(false, DomainError.Of(ErrorCodes.DestinationAccountNotFound, "No such destination account."));
            }
            if (state.FindOperation(credit.TransferUuid) is not null)
            {
                await ConfirmEvents();
                if (State.FindOperation(credit.TransferUuid) is not null)
                {
                    return new CreditOutcome(true, null);
                }
                continue;
            }
            if (storedEarlier)
            {
                return new CreditOutcome(true, null);
            }
            if (CreditRefusal(state, credit.AssetCode, asset?.IsActive ?? false, credit.Amount) is { } refusal)
            {
                return new CreditOutcome(false, refusal);
            }
            var balance = state.BalanceOf(credit.AssetCode);
            var moved = new MoneyTransferred(credit.TransferUuid, credit.TransferUuid, MoneyTransferred.In, credit.FromAccountUuid,
                credit.AssetCode, credit.Amount, balance + credit.Amount, credit.Description, credit.InitiatedBy, StoredTime.Now());
            if (await RaiseConditionalEvent(moved))
            {
                return new CreditOutcome(true, null);
            }
        }
        // Not a refusal: the source keeps the transfer pending and the sweeper tries again.
        throw new TimeoutException($"Account {AccountUuid} is under contention; the credit will be retried.");
    }

    public async Task ResumeTransfers()
    {
        await ConfirmEvents();
        foreach (var transferUuid in State.PendingTransfers.Keys.ToList())
        {
            await DriveTransfer(transferUuid, isRetry: true);
        }
    }

    /// <summary>
    /// Sends the credit and records the outcome on this (source) stream. When the destination cannot be reached the
    /// transfer stays pending; the sweeper re-drives it.
    /// </summary>
    private async Task<TransferView> DriveTransfer(Guid transferUuid, bool isRetry)
    {
        if (State.FindTransfer(transferUuid) is not { Status: TransferStatus.Pending } pending)
        {
            return State.FindTransfer(transferUuid)!;
        }
        var outcome = await SendCreditAsync(pending, transferUuid, isRetry);
        if (outcome is null)
        {
            return State.FindTransfer(transferUuid)!;
        }
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (TentativeState.FindTransfer(transferUuid) is not { Status: TransferStatus.Pending } still)
            {
                // Another driver (the sweeper, a retry) settled it meanwhile.
                await ConfirmEvents();
                return State.FindTransfer(transferUuid)!;
            }
            var now = StoredTime.Now();
            bool settled;
            if (outcome.Applied)
            {
                settled = await RaiseConditionalEvent(new TransferCompleted(transferUuid, now));
            }
            else
            {
                // The refund always lands on the source, frozen or not (SPEC §5).
                var balance = TentativeState.BalanceOf(still.AssetCode);
                settled = await RaiseConditionalEvents(new AccountEvent[]
                {
                    new TransferFailed(transferUuid, outcome.Refusal?.Code ?? ErrorCodes.InvalidState, now),
                    new MoneyTransferred(RefundOperationId(transferUuid), transferUuid, MoneyTransferred.Refund, still.ToAccountUuid,
                        still.AssetCode, still.Amount, balance + still.Amount, still.Description, State.UserUuid, now),
                });
            }
            if (settled)
            {
                return State.FindTransfer(transferUuid)!;
            }
        }
        return State.FindTransfer(transferUuid)!;
    }

    /// <summary>
    /// Sends the credit, retrying a few times within the deadline: a call can be rejected while an activation moves
    /// (a silo joining or leaving), and the credit is idempotent, so sending it again is always safe. Null when it did
    /// not get through: the transfer stays pending for the sweeper.
    /// </summary>
    private async Task<CreditOutcome?> SendCreditAsync(TransferView pending, Guid transferUuid, bool isRetry)
    {
        var destination = GrainFactory.Grain<IAccountGrain>(pending.ToAccountUuid);
        var deadline = DateTime.UtcNow + _creditDeadline;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var remaining = deadline - DateTime.UtcNow;
                return await destination.ReceiveTransfer(new TransferCredit(transferUuid, AccountUuid, pending.ToAssetCode, pending.ToAmount,
                    pending.Description, State.UserUuid, isRetry || attempt > 0)).WaitAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero);
            }
            catch (Exception exception) when (attempt < 3 && DateTime.UtcNow < deadline && exception is not TimeoutException)
            {
                logger.LogInformation(exception, "Transfer {Transfer}: the credit was not delivered (attempt {Attempt}); sending it again", transferUuid, attempt + 1);
                await Task.Delay(TimeSpan.FromMilliseconds(50 << attempt));
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "Transfer {Transfer}: the credit did not complete; it stays pending and will be re-driven", transferUuid);
                return null;
            }
        }
    }

    private static DomainError? CreditRefusal(AccountState state, string assetCode, bool assetActive, long amount) => state.Status switch
    {
        AccountStatus.Closed => DomainError.Of(ErrorCodes.DestinationAccountClosed, "The destination account is closed."),
        AccountStatus.Frozen => DomainError.Of(ErrorCodes.DestinationAccountFrozen, "The destination account is frozen."),
        _ when !assetActive => DomainError.Of(ErrorCodes.AssetInactive, "The asset is not active."),
        _ when amount > 0 && state.BalanceOf(assetCode) > MinorUnits.Max - amount => DomainError.Of(ErrorCodes.ValidationFailed, "The destination balance would overflow."),
        _ => null,
    };

    /// <summary>Whether this account's stream already holds the credit of a transfer (the retry path only).</summary>
    private async Task<bool> CreditAlreadyStoredAsync(Guid transferUuid)
    {
        return await streamQueries.HasTransferCreditAsync(AccountUuid, transferUuid);
    }

    private static Guid RefundOperationId(Guid transferUuid)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"refund:{transferUuid:D}"));
        return new Guid(hash.AsSpan(0, 16));
    }
}
