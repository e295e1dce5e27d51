using FinAegis.Grains.Storage;
using MySqlConnector;

namespace FinAegis.Grains.Idempotency;

/// <summary>The reads of `idempotency_keys` the idempotency grain needs; the rows are written by the account grains.</summary>
public sealed class IdempotencyRows(DatabaseSettings database)
{
    /// <summary>The stable hashes of all of a user's keys (only the key column: the primary key covers it).</summary>
    public async Task<List<ulong>> LoadKeyHashesAsync(Guid userUuid)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT idempotency_key FROM idempotency_keys WHERE user_uuid = @user";
        command.Parameters.AddWithValue("@user", userUuid.ToString("D"));
        await using var reader = await command.ExecuteReaderAsync();
        var hashes = new List<ulong>();
        while (await reader.ReadAsync())
        {
            hashes.Add(StableKeyHash.Of(reader.GetString(0)));
        }
        return hashes;
    }

    /// <summary>The stored request hash and result of one key, or null when the key has no row.</summary>
    public async Task<(string RequestHash, string ResultJson)?> FindAsync(Guid userUuid, string key)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT request_hash, result_json FROM idempotency_keys WHERE user_uuid = @user AND idempotency_key = @key";
        command.Parameters.AddWithValue("@user", userUuid.ToString("D"));
        command.Parameters.AddWithValue("@key", key);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? (reader.GetString(0), reader.GetString(1)) : null;
    }
}
