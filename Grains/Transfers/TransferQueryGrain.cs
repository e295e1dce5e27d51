using FinAegis.Grains.Abstractions.Common;
using FinAegis.Grains.Abstractions.Transfers;
using FinAegis.Grains.Storage;
using MySqlConnector;
using Orleans.Concurrency;

namespace FinAegis.Grains.Transfers;

[StatelessWorker]
public sealed class TransferQueryGrain(DatabaseSettings database) : Grain, ITransferQueryGrain
{
    private const string Columns = """
        t.id, t.uuid, t.status, t.from_account_uuid, t.to_account_uuid, t.asset_code, t.amount, t.to_asset_code, t.to_amount,
        t.rate, t.reference, t.description, t.failure_reason, t.created_at, t.completed_at
        """;

    public async Task<TransferWithOwners?> Find(Guid transferUuid)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {Columns}, src.user_uuid, dst.user_uuid
            FROM transfers t
            LEFT JOIN accounts src ON src.uuid = t.from_account_uuid
            LEFT JOIN accounts dst ON dst.uuid = t.to_account_uuid
            WHERE t.uuid = @uuid
            """;
        command.Parameters.AddWithValue("@uuid", transferUuid.ToString());
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            return null;
        }
        return new TransferWithOwners(Read(reader), reader.IsDBNull(15) ? null : reader.GetGuid(15), reader.IsDBNull(16) ? null : reader.GetGuid(16));
    }

    public async Task<Page<TransferView>> ListForAccount(Guid accountUuid, int limit, string? cursor)
    {
        var hasCursor = Cursor.TryDecode(cursor, out var beforeId);
        await using var connection = await database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        // A union of the two indexed lookups rather than an OR, so each side uses its (account, id) index.
        command.CommandText = $"""
            SELECT * FROM (
              (SELECT {Columns} FROM transfers t WHERE t.from_account_uuid = @account AND t.id < @before ORDER BY t.id DESC LIMIT @limit)
              UNION
              (SELECT {Columns} FROM transfers t WHERE t.to_account_uuid = @account AND t.id < @before ORDER BY t.id DESC LIMIT @limit)
            ) AS x ORDER BY id DESC LIMIT @limit
            """;
        command.Parameters.AddWithValue("@account", accountUuid.ToString());
        command.Parameters.AddWithValue("@before", hasCursor ? beforeId : long.MaxValue);
        command.Parameters.AddWithValue("@limit", limit + 1);
        var rows = new List<(long Id, TransferView Transfer)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt64(0), Read(reader)));
        }
        var page = rows.Take(limit).ToList();
        return new Page<TransferView>(page.Select(row => row.Transfer).ToList(), rows.Count > limit ? Cursor.Encode(page[^1].Id) : null);
    }

    private static TransferView Read(MySqlDataReader reader) => new(
        reader.GetGuid(1), reader.GetString(2), reader.GetGuid(3), reader.GetGuid(4), reader.GetString(5), reader.GetInt64(6),
        reader.GetString(7), reader.GetInt64(8), reader.IsDBNull(9) ? null : reader.GetString(9),
        reader.IsDBNull(10) ? null : reader.GetString(10), reader.IsDBNull(11) ? null : reader.GetString(11),
        reader.IsDBNull(12) ? null : reader.GetString(12), DbTime.Utc(reader.GetDateTime(13)),
        reader.IsDBNull(14) ? null : DbTime.Utc(reader.GetDateTime(14)));
}
