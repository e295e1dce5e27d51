using System.Globalization;
using FinAegis.Grains.Abstractions.Accounts;
using FinAegis.Grains.Abstractions.Webhooks;
using FinAegis.Grains.EventStore;
using FinAegis.Grains.Webhooks;

namespace FinAegis.Grains.Accounts;

/// <summary>
/// The webhook events of an account's events (SPEC §9): account.created/frozen/unfrozen/closed, transaction.created
/// for every deposit and withdrawal, and balance.low_balance when a debit takes a balance from at least the
/// threshold to below it. Written through the outbox in the same transaction as the events.
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
                AddLowBalance(writes, outbox, after, subtracted);
                break;
        }
    }

    private static void AddStatus(List<ReadModelWrite> writes, WebhookOutbox outbox, AccountState after, string eventName,
        string? reason, Guid by, DateTimeOffset at)
    {
        var source = after.Uuid + ":" + at.UtcTicks.ToString(CultureInfo.InvariantCulture);
        writes.AddRange(outbox.For(eventName, Id(eventName, source),
            new { account_uuid = after.Uuid, user_uuid = after.UserUuid, status = after.Status, reason, changed_by = by }, at));
    }

    private static void AddTransaction(List<ReadModelWrite> writes, WebhookOutbox outbox, AccountState after, Guid operationId,
        string type, string assetCode, long amount, long balanceAfter, string? description, DateTimeOffset at)
    {
        writes.AddRange(outbox.For(WebhookEvents.TransactionCreated, Id(WebhookEvents.TransactionCreated, after.Uuid + ":" + operationId),
            new
            {
                uuid = operationId, account_uuid = after.Uuid, user_uuid = after.UserUuid, type, asset_code = assetCode, amount,
                balance_after = balanceAfter, description, created_at = at.UtcDateTime,
            }, at));
    }

    private static void AddLowBalance(List<ReadModelWrite> writes, WebhookOutbox outbox, AccountState after, MoneySubtracted subtracted)
    {
        var threshold = outbox.LowBalanceThreshold;
        var before = subtracted.BalanceAfter + subtracted.Amount;
        if (before < threshold || subtracted.BalanceAfter >= threshold)
        {
            return;
        }
        writes.AddRange(outbox.For(WebhookEvents.BalanceLow, Id(WebhookEvents.BalanceLow, after.Uuid + ":" + subtracted.OperationId),
            new
            {
                account_uuid = after.Uuid, user_uuid = after.UserUuid, asset_code = subtracted.AssetCode, balance = subtracted.BalanceAfter,
                previous_balance = before, threshold, transaction_uuid = subtracted.OperationId,
            }, subtracted.OccurredAt));
    }

    private static Guid Id(string eventName, string source) => WebhookOutbox.EventId(eventName, source);
}
