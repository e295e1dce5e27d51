using System.Text.Json;
using FinAegis.Grains.Abstractions.Accounts;
using FinAegis.Grains.Abstractions.Idempotency;
using FinAegis.Grains.EventStore;
using FinAegis.Grains.Abstractions.Common;
using FinAegis.Grains.Webhooks;

namespace FinAegis.Grains.Accounts;

/// <summary>
/// The read-model rows an account's events change (`accounts`, `account_balances`, `turnovers`, `idempotency_keys`),
/// written by the event store in the same transaction as the events.
/// </summary>
public static class AccountReadModels
{
    public static readonly ReadModelStatement Accounts = new("accounts", 10,
        "INSERT INTO accounts (uuid, user_uuid, name, balance, status, created_at, updated_at) VALUES", 7,
        "ON DUPLICATE KEY UPDATE name = VALUES(name), balance = VALUES(balance), status = VALUES(status), updated_at = VALUES(updated_at)");

    public static readonly ReadModelStatement Transfers = new("transfers", 15,
        "INSERT INTO transfers (uuid, from_account_uuid, to_account_uuid, asset_code, amount, to_asset_code, to_amount, rate, reference, description, status, failure_reason, initiated_by, created_at, completed_at, updated_at) VALUES", 16,
        "ON DUPLICATE KEY UPDATE status = VALUES(status), failure_reason = VALUES(failure_reason), completed_at = VALUES(completed_at), updated_at = VALUES(updated_at)");

    public static readonly ReadModelStatement Balances = new("account_balances", 20,
        "INSERT INTO account_balances (account_uuid, asset_code, balance, created_at, updated_at) VALUES", 5,
        "ON DUPLICATE KEY UPDATE balance = VALUES(balance), updated_at = VALUES(updated_at)");

    public static readonly ReadModelStatement Turnovers = new("turnovers", 30,
        "INSERT INTO turnovers (account_uuid, period, asset_code, debit, credit, created_at, updated_at) VALUES", 7,
        "ON DUPLICATE KEY UPDATE debit = debit + VALUES(debit), credit = credit + VALUES(credit), updated_at = VALUES(updated_at)");

    public static readonly ReadModelStatement IdempotencyKeys = new("idempotency_keys", 40,
        "INSERT INTO idempotency_keys (user_uuid, idempotency_key, request_hash, result_json, created_at) VALUES", 5,
        // The first request to claim a key keeps it; a later writer changes nothing.
        "ON DUPLICATE KEY UPDATE user_uuid = user_uuid");

    /// <param name="before">The confirmed state before <paramref name="events"/>.</param>
    /// <param name="claims">Client Idempotency-Keys of the operations in this batch, by operation id.</param>
    /// <param name="webhooks">The outbox for the events' webhook deliveries (none when null).</param>
    public static IReadOnlyList<ReadModelWrite> Project(AccountState before, IReadOnlyList<AccountEvent> events,
        IReadOnlyDictionary<Guid, IdempotencyClaim> claims, WebhookOutbox? webhooks = null)
    {
        var after = before.CopyForProjection();
        var touchedAssets = new HashSet<string>(StringComparer.Ordinal);
        var turnovers = new Dictionary<(DateOnly Day, string Asset), (long Debit, long Credit)>();
        var writes = new List<ReadModelWrite>();
        var transfers = new Dictionary<Guid, Abstractions.Transfers.TransferView>();
        var initiators = new Dictionary<Guid, Guid>();
        foreach (var @event in events)
        {
            after.Apply(@event);
            switch (@event)
            {
                case MoneyAdded added:
                    touchedAssets.Add(added.AssetCode);
                    AddTurnover(turnovers, added.OccurredAt, added.AssetCode, debit: 0, credit: added.Amount);
                    if (claims.TryGetValue(added.OperationId, out var depositClaim))
                    {
                        writes.Add(IdempotencyRow(depositClaim, after.FindOperation(added.OperationId)!, added.OccurredAt));
                    }
                    break;
                case MoneySubtracted subtracted:
                    touchedAssets.Add(subtracted.AssetCode);
                    AddTurnover(turnovers, subtracted.OccurredAt, subtracted.AssetCode, debit: subtracted.Amount, credit: 0);
                    if (claims.TryGetValue(subtracted.OperationId, out var withdrawalClaim))
                    {
                        writes.Add(IdempotencyRow(withdrawalClaim, after.FindOperation(subtracted.OperationId)!, subtracted.OccurredAt));
                    }
                    break;
                case MoneyTransferred moved:
                    touchedAssets.Add(moved.AssetCode);
                    AddTurnover(turnovers, moved.OccurredAt, moved.AssetCode,
                        debit: moved.IsCredit ? 0 : moved.Amount, credit: moved.IsCredit ? moved.Amount : 0);
                    break;
                case TransferInitiated initiated:
                    transfers[initiated.TransferUuid] = after.FindTransfer(initiated.TransferUuid)!;
                    if (claims.TryGetValue(initiated.TransferUuid, out var transferClaim))
                    {
                        writes.Add(IdempotencyRow(transferClaim, transfers[initiated.TransferUuid], initiated.OccurredAt));
                    }
                    initiators[initiated.TransferUuid] = initiated.InitiatedBy;
                    break;
                case TransferCompleted completed:
                    transfers[completed.TransferUuid] = after.FindTransfer(completed.TransferUuid)!;
                    break;
                case TransferFailed failed:
                    transfers[failed.TransferUuid] = after.FindTransfer(failed.TransferUuid)!;
                    break;
                case AssetExchangedOut exchangedOut:
                    touchedAssets.Add(exchangedOut.AssetCode);
                    AddTurnover(turnovers, exchangedOut.OccurredAt, exchangedOut.AssetCode, debit: exchangedOut.Amount, credit: 0);
                    break;
                case AssetExchangedIn exchangedIn:
                    touchedAssets.Add(exchangedIn.AssetCode);
                    AddTurnover(turnovers, exchangedIn.OccurredAt, exchangedIn.AssetCode, debit: 0, credit: exchangedIn.Amount);
                    if (claims.TryGetValue(exchangedIn.ExchangeUuid, out var exchangeClaim))
                    {
                        writes.Add(IdempotencyRow(exchangeClaim, after.FindExchange(exchangedIn.ExchangeUuid)!, exchangedIn.OccurredAt));
                    }
                    break;
            }
            if (webhooks is not null)
            {
                AccountWebhooks.Add(writes, webhooks, after, @event);
            }
        }
        var now = after.UpdatedAt.UtcDateTime;
        // The account row only when it changes (a completion or a non-USD movement leaves it as it is: one upsert
        // fewer on the hot path). Its statement runs first, so rows referencing it always find it.
        if (!before.Exists || before.Status != after.Status || before.Name != after.Name || before.BalanceOf("USD") != after.BalanceOf("USD"))
        {
            writes.Insert(0, new ReadModelWrite(Accounts, [after.Uuid.ToString(), after.UserUuid.ToString(), after.Name,
                after.BalanceOf("USD"), after.Status, after.CreatedAt.UtcDateTime, now]));
        }
        foreach (var transfer in transfers.Values)
        {
            writes.Add(new ReadModelWrite(Transfers, [transfer.Uuid.ToString(), transfer.FromAccountUuid.ToString(),
                transfer.ToAccountUuid.ToString(), transfer.AssetCode, transfer.Amount, transfer.ToAssetCode, transfer.ToAmount,
                transfer.Rate, transfer.Reference, transfer.Description, transfer.Status, transfer.FailureReason,
                initiators.GetValueOrDefault(transfer.Uuid, after.UserUuid).ToString(), transfer.CreatedAt.UtcDateTime,
                transfer.CompletedAt?.UtcDateTime, now]));
        }
        foreach (var asset in touchedAssets)
        {
            writes.Add(new ReadModelWrite(Balances, [after.Uuid.ToString(), asset, after.BalanceOf(asset), now, now]));
        }
        foreach (var ((day, asset), (debit, credit)) in turnovers)
        {
            writes.Add(new ReadModelWrite(Turnovers, [after.Uuid.ToString(), day.ToDateTime(TimeOnly.MinValue), asset, debit, credit, now, now]));
        }
        return writes;
    }

    private static void AddTurnover(Dictionary<(DateOnly, string), (long Debit, long Credit)> turnovers, DateTimeOffset at,
        string asset, long debit, long credit)
    {
        var key = (DateOnly.FromDateTime(at.UtcDateTime), asset);
        var (d, c) = turnovers.GetValueOrDefault(key);
        turnovers[key] = (d + debit, c + credit);
    }

    /// <summary>An exchange's key stores the whole exchange (both legs and the rate), written with its incoming leg.</summary>
    /// <summary>The durable record of a client's Idempotency-Key: the result it answered, kept with the events.</summary>
    private static ReadModelWrite IdempotencyRow(IdempotencyClaim claim, object result, DateTimeOffset at) =>
        new(IdempotencyKeys, [claim.UserUuid.ToString(), claim.Key, claim.RequestHash,
            JsonSerializer.Serialize(result, result.GetType(), ContractJson.Options), at.UtcDateTime]);
}
