using FinAegis.Grains.Storage;
using MySqlConnector;

namespace FinAegis.Grains.Accounts;

/// <summary>
/// Questions an account grain asks of its own stored stream, off the hot path: only a re-driven transfer step that
/// the in-memory operation window no longer covers gets here.
/// </summary>
public sealed class AccountStreamQueries(DatabaseSettings database)
{
    public async Task<bool> HasTransferCreditAsync(Guid accountUuid, Guid transferUuid)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT COUNT(*) FROM stored_events
            WHERE aggregate_uuid = @account AND event_class = 'MoneyTransferred'
              AND JSON_UNQUOTE(JSON_EXTRACT(event_properties, '$.transfer_uuid')) = @transfer
              AND JSON_UNQUOTE(JSON_EXTRACT(event_properties, '$.direction')) = 'in'
            """;
        command.Parameters.AddWithValue("@account", accountUuid.ToString());
        command.Parameters.AddWithValue("@transfer", transferUuid.ToString());
        return Convert.ToInt64(await command.ExecuteScalarAsync()) > 0;
    }
}
