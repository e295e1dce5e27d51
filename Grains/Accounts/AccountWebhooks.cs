using System.Globalization;
using FinAegis.Grains.Abstractions.Accounts;
using FinAegis.Grains.Abstractions.Webhooks;
using FinAegis.Grains.EventStore;
using FinAegis.Grains.Webhooks;

namespace FinAegis.Grains.Accounts;

/// <summary>
/// The webhook events of an account's events (SPEC §9): account.created/frozen/unfrozen/closed, transaction.created
/// for every money movement (deposits, withdrawals, transfer and exchange legs), transfer.created/completed/failed on
/// the source account, and balance.low_balance when a debit takes a balance from at least the threshold to below it. Written through the outbox in the same transaction as the events.
/// </summary>
internal static class AccountWebhooks
{
    /// <param name="after">The account with <paramref name="event"/> applied.</param>
    public static void Add(List<ReadModelWrite> writes, WebhookOutbox outbox, AccountState after, AccountEvent @event)
    {
        var account = after.Uuid.ToString();
        switch (@event)
        {
            case AccountCreated created:
                writes.AddRange(outbox.For(WebhookEvents.AccountCreated, Id(WebhookEvents.AccountCreated, account),
                    new { account_uuid = after.Uuid, user_uuid = after.UserUuid, name = created.Name, status = AccountStatus.Active,
                        created_at = created.OccurredAt.UtcDateTime }, created.OccurredAt));
                break;
            case AccountFrozen frozen:
                AddStatus(writes, outbox, after, WebhookEvents.AccountFrozen, frozen.Reason, frozen.FrozenBy, frozen.OccurredAt);
                break;
            case AccountUnfrozen unfrozen:
                AddStatus(writes, outbox, after, WebhookEvents.AccountUnfrozen, unfrozen.Reason, unfrozen.UnfrozenBy, unfrozen.OccurredAt);
                break;
            case AccountClosed closed:
                AddStatus(writes, outbox, after, WebhookEvents.AccountClosed, closed.Reason, closed.ClosedBy, closed.OccurredAt);
                break;
            case MoneyAdded added:
                AddTransaction(writes, outbox, after, added.OperationId, TransactionTypes.Deposit, added.AssetCode, added.Amount,
                    added.BalanceAfter, added.Description, added.OccurredAt);
                break;
            case MoneySubtracted subtracted:
                AddTransaction(writes, outbox, after, subtracted.OperationId, TransactionTypes.Withdrawal, subtracted.AssetCode,
                    subtracted.Amount, subtracted.BalanceAfter, subtracted.Description, subtracted.OccurredAt);
                AddLowBalance(writes, outbox, after, subtracted.OperationId, subtracted.AssetCode, subtracted.Amount, subtracted.BalanceAfter,
                    subtracted.OccurredAt);
                break;
            case MoneyTransferred moved:
                AddTransaction(writes, outbox, after, moved.OperationId, moved.IsCredit ? TransactionTypes.TransferIn : TransactionTypes.TransferOut,
                    moved.AssetCode, moved.Amount, moved.BalanceAfter, moved.Description, moved.OccurredAt, moved.TransferUuid);
                if (!moved.IsCredit)
                {
                    AddLowBalance(writes, outbox, after, moved.OperationId, moved.AssetCode, moved.Amount, moved.BalanceAfter, moved.OccurredAt);
                }
                break;
            case AssetExchangedOut exchangedOut:
                AddTransaction(writes, outbox, after, exchangedOut.OperationId, TransactionTypes.ExchangeOut, exchangedOut.AssetCode,
                    exchangedOut.Amount, exchangedOut.BalanceAfter, exchangedOut.Description, exchangedOut.OccurredAt);
                AddLowBalance(writes, outbox, after, exchangedOut.OperationId, exchangedOut.AssetCode, exchangedOut.Amount,
                    exchangedOut.BalanceAfter, exchangedOut.OccurredAt);
                break;
            case AssetExchangedIn exchangedIn:
                AddTransaction(writes, outbox, after, exchangedIn.OperationId, TransactionTypes.ExchangeIn, exchangedIn.AssetCode,
                    exchangedIn.Amount, exchangedIn.BalanceAfter, exchangedIn.Description, exchangedIn.OccurredAt);
                break;
            case TransferInitiated initiated:
                AddTransfer(writes, outbox, after, WebhookEvents.TransferCreated, initiated.TransferUuid, initiated.OccurredAt);
                break;
            case TransferCompleted completed:
                AddTransfer(writes, outbox, after, WebhookEvents.TransferCompleted, completed.TransferUuid, completed.OccurredAt);
                break;
            case TransferFailed failed:
                AddTransfer(writes, outbox, after, WebhookEvents.TransferFailed, failed.TransferUuid, failed.OccurredAt);
                break;
        }
    }

    /// <summary>transfer.created / completed / failed, emitted by the source account that coordinates the transfer.</summary>
    private static void AddTransfer(List<ReadModelWrite> writes, WebhookOutbox outbox, AccountState after, string eventName, Guid transferUuid,
        DateTimeOffset at)
    {
        if (!outbox.IsSubscribed(eventName) || after.FindTransfer(transferUuid) is not { } transfer)
        {
            return;
        }
        writes.AddRange(outbox.For(eventName, Id(eventName, transferUuid.ToString()),
            new
            {
                uuid = transfer.Uuid, status = transfer.Status, from_account_uuid = transfer.FromAccountUuid,
                to_account_uuid = transfer.ToAccountUuid, asset_code = transfer.AssetCode, amount = transfer.Amount,
                to_asset_code = transfer.ToAssetCode, to_amount = transfer.ToAmount, rate = transfer.Rate, reference = transfer.Reference,
                description = transfer.Description, failure_reason = transfer.FailureReason, created_at = transfer.CreatedAt.UtcDateTime,
                completed_at = transfer.CompletedAt?.UtcDateTime,
            }, at));
    }

    private static void AddStatus(List<ReadModelWrite> writes, WebhookOutbox outbox, AccountState after, string eventName,
        string? reason, Guid by, DateTimeOffset at)
    {
        var source = after.Uuid + ":" + at.UtcTicks.ToString(CultureInfo.InvariantCulture);
        writes.AddRange(outbox.For(eventName, Id(eventName, source),
            new { account_uuid = after.Uuid, user_uuid = after.UserUuid, status = after.Status, reason, changed_by = by }, at));
    }

    private static void AddTransaction(List<ReadModelWrite> writes, WebhookOutbox outbox, AccountState after, Guid operationId,
        string type, string assetCode, long amount, long balanceAfter, string? description, DateTimeOffset at, Guid? transferUuid = null)
    {
        writes.AddRange(outbox.For(WebhookEvents.TransactionCreated, Id(WebhookEvents.TransactionCreated, after.Uuid + ":" + operationId),
            new
            {
                uuid = operationId, account_uuid = after.Uuid, user_uuid = after.UserUuid, type, asset_code = assetCode, amount,
                balance_after = balanceAfter, description, transfer_uuid = transferUuid, created_at = at.UtcDateTime,
            }, at));
    }

    private static void AddLowBalance(List<ReadModelWrite> writes, WebhookOutbox outbox, AccountState after, Guid operationId,
        string assetCode, long amount, long balanceAfter, DateTimeOffset at)
    {
        var threshold = outbox.LowBalanceThreshold;
        var before = balanceAfter + amount;
        if (before < threshold || balanceAfter >= threshold)
        {
            return;
        }
        writes.AddRange(outbox.For(WebhookEvents.BalanceLow, Id(WebhookEvents.BalanceLow, after.Uuid + ":" + operationId),
            new
            {
                account_uuid = after.Uuid, user_uuid = after.UserUuid, asset_code = assetCode, balance = balanceAfter,
                previous_balance = before, threshold, transaction_uuid = operationId,
            }, at));
    }

    private static Guid Id(string eventName, string source) => WebhookOutbox.EventId(eventName, source);
}
