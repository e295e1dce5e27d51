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
        foreach (var @event in events)
        {
            after.Apply(@event);
            switch (@event)
            {
                case MoneyAdded added:
                    touchedAssets.Add(added.AssetCode);
                    AddTurnover(turnovers, added.OccurredAt, added.AssetCode, debit: 0, credit: added.Amount);
                    AddIdempotencyRow(writes, claims, added.OperationId, after);
                    break;
                case MoneySubtracted subtracted:
                    touchedAssets.Add(subtracted.AssetCode);
                    AddTurnover(turnovers, subtracted.OccurredAt, subtracted.AssetCode, debit: subtracted.Amount, credit: 0);
                    AddIdempotencyRow(writes, claims, subtracted.OperationId, after);
                    break;
            }
            if (webhooks is not null)
            {
                AccountWebhooks.Add(writes, webhooks, after, @event);
            }
        }
        var now = after.UpdatedAt.UtcDateTime;
        // The account row first: the balance rows reference it.
        writes.Insert(0, new ReadModelWrite(Accounts, [after.Uuid.ToString(), after.UserUuid.ToString(), after.Name,
            after.BalanceOf("USD"), after.Status, after.CreatedAt.UtcDateTime, now]));
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

    private static void AddIdempotencyRow(List<ReadModelWrite> writes, IReadOnlyDictionary<Guid, IdempotencyClaim> claims,
        Guid operationId, AccountState after)
    {
        if (!claims.TryGetValue(operationId, out var claim))
        {
            return;
        }
        var transaction = after.FindOperation(operationId);
        if (transaction is null)
        {
            return;
        }
        writes.Add(new ReadModelWrite(IdempotencyKeys, [claim.UserUuid.ToString(), claim.Key, claim.RequestHash,
            JsonSerializer.Serialize(transaction, ContractJson.Options), transaction.CreatedAt.UtcDateTime]));
    }
}
