using FinAegis.Grains.Storage;
using MySqlConnector;

namespace FinAegis.Grains.Governance;

/// <summary>
/// The SQL a poll needs outside its own stream: live holdings for voting power, the registered-user count for
/// participation, its `polls` row id (votes reference it), and pre-checks of what a workflow will write.
/// </summary>
public sealed class GovernanceStore(DatabaseSettings database)
{
    /// <summary>The user's total of one asset over their accounts that are not closed, in minor units.</summary>
    public async Task<decimal> HoldingsAsync(Guid userUuid, string assetCode)
    {
        var value = await ScalarAsync("""
            SELECT COALESCE(SUM(b.balance), 0)
            FROM account_balances b JOIN accounts a ON a.uuid = b.account_uuid
            WHERE a.user_uuid = @user AND a.status <> 'closed' AND b.asset_code = @asset
            """, ("@user", userUuid.ToString()), ("@asset", assetCode));
        return value is null or DBNull ? 0m : Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<long> CountRegisteredUsersAsync() =>
        Convert.ToInt64(await ScalarAsync("SELECT COUNT(*) FROM users"), System.Globalization.CultureInfo.InvariantCulture);

    public async Task<long?> PollRowIdAsync(Guid pollUuid) =>
        await ScalarAsync("SELECT id FROM polls WHERE uuid = @uuid", ("@uuid", pollUuid.ToString())) is { } id and not DBNull
            ? Convert.ToInt64(id, System.Globalization.CultureInfo.InvariantCulture)
            : null;

    public async Task<bool> AssetExistsAsync(string code) =>
        await ScalarAsync("SELECT 1 FROM assets WHERE code = @code", ("@code", code)) is not null and not DBNull;

    /// <summary>Null when the setting does not exist, else whether it is stored encrypted.</summary>
    public async Task<bool?> SettingIsEncryptedAsync(string key) =>
        await ScalarAsync("SELECT is_encrypted FROM settings WHERE `key` = @key", ("@key", key)) is { } value and not DBNull
            ? Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) != 0
            : null;

    /// <summary>The shared fallback signing key: the first silo to ask stores its candidate; everyone reads the winner.</summary>
    public async Task<byte[]> GetOrCreateSigningKeyAsync(byte[] candidate)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using (var insert = connection.CreateCommand())
        {
            insert.CommandText = "INSERT IGNORE INTO governance_keys (name, key_material, created_at) VALUES ('vote_signing', @key, UTC_TIMESTAMP())";
            insert.Parameters.AddWithValue("@key", Convert.ToHexStringLower(candidate));
            await insert.ExecuteNonQueryAsync();
        }
        await using var select = connection.CreateCommand();
        select.CommandText = "SELECT key_material FROM governance_keys WHERE name = 'vote_signing'";
        return Convert.FromHexString((string)(await select.ExecuteScalarAsync())!);
    }

    private async Task<object?> ScalarAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        return await command.ExecuteScalarAsync();
    }
}
