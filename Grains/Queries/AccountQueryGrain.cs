using System.Text.Json;
using FinAegis.Grains.Abstractions.Accounts;
using FinAegis.Grains.Abstractions.Common;
using FinAegis.Grains.Storage;
using MySqlConnector;
using Orleans.Concurrency;

namespace FinAegis.Grains.Queries;

[StatelessWorker]
public sealed class AccountQueryGrain(DatabaseSettings database) : Grain, IAccountQueryGrain
{
    /// <summary>Which stored events are money movements, as SQL conditions per transaction type.</summary>
    private static readonly IReadOnlyDictionary<string, string> _typeConditions = new Dictionary<string, string>
    {
        [TransactionTypes.Deposit] = "event_class = 'MoneyAdded'",
        [TransactionTypes.Withdrawal] = "event_class = 'MoneySubtracted'",
        [TransactionTypes.TransferIn] = "(event_class = 'MoneyTransferred' AND JSON_UNQUOTE(JSON_EXTRACT(event_properties, '$.direction')) IN ('in', 'refund'))",
        [TransactionTypes.TransferOut] = "(event_class = 'MoneyTransferred' AND JSON_UNQUOTE(JSON_EXTRACT(event_properties, '$.direction')) = 'out')",
        [TransactionTypes.ExchangeOut] = "event_class = 'AssetExchangedOut'",
        [TransactionTypes.ExchangeIn] = "event_class = 'AssetExchangedIn'",
    };

    public async Task<Page<AccountView>> ListAccounts(Guid? userUuid, int limit, string? cursor)
    {
        Cursor.TryDecode(cursor, out var afterId);
        await using var connection = await database.OpenConnectionAsync();
        var rows = new List<(long Id, AccountView Account)>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT a.id, a.uuid, a.user_uuid, a.name, a.status, a.created_at, a.updated_at,
                       (SELECT MAX(e.aggregate_version) FROM stored_events e WHERE e.aggregate_uuid = a.uuid) AS version
                FROM accounts a
                WHERE a.id > @after AND (@user IS NULL OR a.user_uuid = @user)
                ORDER BY a.id
                LIMIT @limit
                """;
            command.Parameters.AddWithValue("@after", afterId);
            command.Parameters.AddWithValue("@user", userUuid?.ToString());
            command.Parameters.AddWithValue("@limit", limit + 1);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetInt64(0), new AccountView(reader.GetGuid(1), reader.GetGuid(2),
                    reader.GetString(3), reader.GetString(4), new Dictionary<string, long>(),
                    DbTime.Utc(reader.GetDateTime(5)), DbTime.Utc(reader.GetDateTime(6)), reader.IsDBNull(7) ? 0 : reader.GetInt32(7))));
            }
        }
        var page = rows.Take(limit).ToList();
        if (page.Count > 0)
        {
            var balances = await LoadBalancesAsync(connection, page.Select(row => row.Account.Uuid));
            page = page.Select(row => (row.Id, row.Account with
            {
                Balances = balances.GetValueOrDefault(row.Account.Uuid) ?? new Dictionary<string, long>(),
            })).ToList();
        }
        var next = rows.Count > limit ? Cursor.Encode(page[^1].Id) : null;
        return new Page<AccountView>(page.Select(row => row.Account).ToList(), next);
    }

    public async Task<Page<TransactionView>> ListTransactions(TransactionQuery query)
    {
        var hasCursor = Cursor.TryDecode(query.Cursor, out var beforeVersion);
        string condition;
        if (query.Type is null)
        {
            condition = "event_class IN ('MoneyAdded', 'MoneySubtracted', 'MoneyTransferred', 'AssetExchangedOut', 'AssetExchangedIn')";
        }
        else if (!_typeConditions.TryGetValue(query.Type, out condition!))
        {
            return new Page<TransactionView>([], null);
        }
        await using var connection = await database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT aggregate_version, event_class, event_properties, created_at
            FROM stored_events
            WHERE aggregate_uuid = @account AND aggregate_version < @before AND {condition}
              AND (@asset IS NULL OR JSON_UNQUOTE(JSON_EXTRACT(event_properties, '$.asset_code')) = @asset)
            ORDER BY aggregate_version DESC
            LIMIT @limit
            """;
        command.Parameters.AddWithValue("@account", query.AccountUuid.ToString());
        command.Parameters.AddWithValue("@before", hasCursor ? beforeVersion : long.MaxValue);
        command.Parameters.AddWithValue("@asset", query.AssetCode);
        command.Parameters.AddWithValue("@limit", query.Limit + 1);
        var rows = new List<(int Version, TransactionView Transaction)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var version = reader.GetInt32(0);
            rows.Add((version, ToTransaction(query.AccountUuid, reader.GetString(1), reader.GetString(2), DbTime.Utc(reader.GetDateTime(3)))));
        }
        var page = rows.Take(query.Limit).ToList();
        var next = rows.Count > query.Limit ? Cursor.Encode(page[^1].Version) : null;
        return new Page<TransactionView>(page.Select(row => row.Transaction).ToList(), next);
    }

    public async Task<Page<StreamEventView>> ListEvents(Guid accountUuid, int limit, string? cursor)
    {
        Cursor.TryDecode(cursor, out var afterVersion);
        await using var connection = await database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT aggregate_version, event_class, event_properties, created_at
            FROM stored_events
            WHERE aggregate_uuid = @account AND aggregate_version > @after
            ORDER BY aggregate_version
            LIMIT @limit
            """;
        command.Parameters.AddWithValue("@account", accountUuid.ToString());
        command.Parameters.AddWithValue("@after", afterVersion);
        command.Parameters.AddWithValue("@limit", limit + 1);
        var rows = new List<StreamEventView>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new StreamEventView(reader.GetInt32(0), reader.GetString(1), reader.GetString(2), DbTime.Utc(reader.GetDateTime(3))));
        }
        var page = rows.Take(limit).ToList();
        var next = rows.Count > limit ? Cursor.Encode(page[^1].AggregateVersion) : null;
        return new Page<StreamEventView>(page, next);
    }

    public async Task<IReadOnlyList<TurnoverView>> ListTurnovers(Guid accountUuid, DateOnly? from, DateOnly? to)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT period, asset_code, debit, credit
            FROM turnovers
            WHERE account_uuid = @account AND (@from IS NULL OR period >= @from) AND (@to IS NULL OR period <= @to)
            ORDER BY period, asset_code
            LIMIT 10000
            """;
        command.Parameters.AddWithValue("@account", accountUuid.ToString());
        command.Parameters.AddWithValue("@from", from?.ToDateTime(TimeOnly.MinValue));
        command.Parameters.AddWithValue("@to", to?.ToDateTime(TimeOnly.MinValue));
        var rows = new List<TurnoverView>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new TurnoverView(DateOnly.FromDateTime(reader.GetDateTime(0)), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3)));
        }
        return rows;
    }

    private static TransactionView ToTransaction(Guid accountUuid, string eventClass, string json, DateTimeOffset createdAt)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        string? description = root.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
        Guid? transferUuid = root.TryGetProperty("transfer_uuid", out var t) && t.ValueKind == JsonValueKind.String ? t.GetGuid() : null;
        var type = eventClass switch
        {
            "MoneyAdded" => TransactionTypes.Deposit,
            "MoneySubtracted" => TransactionTypes.Withdrawal,
            "AssetExchangedOut" => TransactionTypes.ExchangeOut,
            "AssetExchangedIn" => TransactionTypes.ExchangeIn,
            _ => root.GetProperty("direction").GetString() == "out" ? TransactionTypes.TransferOut : TransactionTypes.TransferIn,
        };
        return new TransactionView(root.GetProperty("operation_id").GetGuid(), accountUuid, type,
            root.GetProperty("asset_code").GetString()!, root.GetProperty("amount").GetInt64(),
            root.GetProperty("balance_after").GetInt64(), description, transferUuid, createdAt);
    }

    private static async Task<Dictionary<Guid, Dictionary<string, long>>> LoadBalancesAsync(MySqlConnection connection, IEnumerable<Guid> accounts)
    {
        var ids = accounts.ToList();
        await using var command = connection.CreateCommand();
        var parameters = ids.Select((_, i) => "@a" + i).ToList();
        command.CommandText = $"SELECT account_uuid, asset_code, balance FROM account_balances WHERE account_uuid IN ({string.Join(", ", parameters)})";
        for (var i = 0; i < ids.Count; i++)
        {
            command.Parameters.AddWithValue(parameters[i], ids[i].ToString());
        }
        var result = new Dictionary<Guid, Dictionary<string, long>>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var account = reader.GetGuid(0);
            if (!result.TryGetValue(account, out var balances))
            {
                result[account] = balances = new Dictionary<string, long>(StringComparer.Ordinal);
            }
            balances[reader.GetString(1)] = reader.GetInt64(2);
        }
        return result;
    }
}
