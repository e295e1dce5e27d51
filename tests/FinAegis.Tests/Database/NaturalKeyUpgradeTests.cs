using FinAegis.Grains.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using MySqlConnector;

namespace FinAegis.Tests.Database;

/// <summary>
/// V10 re-clusters `accounts`, `account_balances` and `turnovers` on their natural keys. A bank upgrades a database
/// full of rows: they must all survive with their ids, and the event store's upserts must keep working on them.
/// </summary>
public sealed class NaturalKeyUpgradeTests
{
    private const string Account = "00000000-0000-0000-0000-0000000000a1";

    [Fact]
    public async Task Upgrading_a_populated_V9_database_keeps_every_row_and_id()
    {
        var server = Environment.GetEnvironmentVariable("FINAEGIS_TEST_MYSQL")
            ?? throw new InvalidOperationException("FINAEGIS_TEST_MYSQL is not set: run the tests through ./test.sh.");
        var connectionString = new MySqlConnectionStringBuilder(server) { Database = "u_" + Guid.NewGuid().ToString("N")[..16] }.ConnectionString;
        await DatabaseMigrator.MigrateAsync(connectionString, NullLogger.Instance, upToVersion: "9");
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, $"""
            INSERT INTO accounts (id, uuid, user_uuid, name, balance) VALUES (41, '{Account}', '00000000-0000-0000-0000-000000000001', 'old', 500);
            INSERT INTO account_balances (id, account_uuid, asset_code, balance) VALUES (42, '{Account}', 'USD', 500), (43, '{Account}', 'EUR', 7);
            INSERT INTO turnovers (id, account_uuid, period, asset_code, debit, credit) VALUES (44, '{Account}', '2026-12-01', 'USD', 0, 500);
            """);
        Assert.Equal("id", await PrimaryKeyAsync(connection, "accounts"));

        await DatabaseMigrator.MigrateAsync(connectionString, NullLogger.Instance);

        Assert.Equal("uuid", await PrimaryKeyAsync(connection, "accounts"));
        Assert.Equal("account_uuid,asset_code", await PrimaryKeyAsync(connection, "account_balances"));
        Assert.Equal("account_uuid,period,asset_code", await PrimaryKeyAsync(connection, "turnovers"));
        Assert.Equal("41:old:500", await ScalarAsync(connection, "SELECT CONCAT(id, ':', name, ':', balance) FROM accounts"));
        Assert.Equal("42:USD:500,43:EUR:7", await ScalarAsync(connection,
            "SELECT GROUP_CONCAT(CONCAT(id, ':', asset_code, ':', balance) ORDER BY id) FROM account_balances"));
        Assert.Equal("44:0:500", await ScalarAsync(connection, "SELECT CONCAT(id, ':', debit, ':', credit) FROM turnovers"));

        // The event store's upserts (AccountReadModels) update the existing rows in place: same ids, no new rows.
        await ExecuteAsync(connection, $"""
            INSERT INTO accounts (uuid, user_uuid, name, balance, status, created_at, updated_at) VALUES ('{Account}', '00000000-0000-0000-0000-000000000001', 'new', 400, 'active', NOW(), NOW())
              ON DUPLICATE KEY UPDATE name = VALUES(name), balance = VALUES(balance), status = VALUES(status), updated_at = VALUES(updated_at);
            INSERT INTO account_balances (account_uuid, asset_code, balance, created_at, updated_at) VALUES ('{Account}', 'USD', 400, NOW(), NOW())
              ON DUPLICATE KEY UPDATE balance = VALUES(balance), updated_at = VALUES(updated_at);
            INSERT INTO turnovers (account_uuid, period, asset_code, debit, credit, created_at, updated_at) VALUES ('{Account}', '2026-12-01', 'USD', 100, 0, NOW(), NOW())
              ON DUPLICATE KEY UPDATE debit = debit + VALUES(debit), credit = credit + VALUES(credit), updated_at = VALUES(updated_at);
            """);
        Assert.Equal("41:new:400", await ScalarAsync(connection, "SELECT CONCAT(id, ':', name, ':', balance) FROM accounts"));
        Assert.Equal("42:USD:400,43:EUR:7", await ScalarAsync(connection,
            "SELECT GROUP_CONCAT(CONCAT(id, ':', asset_code, ':', balance) ORDER BY id) FROM account_balances"));
        Assert.Equal("44:100:500", await ScalarAsync(connection, "SELECT CONCAT(id, ':', debit, ':', credit) FROM turnovers"));

        // A new row still gets the next id, and ids stay unique.
        await ExecuteAsync(connection, $"INSERT INTO account_balances (account_uuid, asset_code, balance) VALUES ('{Account}', 'GBP', 1)");
        Assert.True(long.Parse((await ScalarAsync(connection, "SELECT id FROM account_balances WHERE asset_code = 'GBP'"))!) > 43);
        await Assert.ThrowsAsync<MySqlException>(() => ExecuteAsync(connection,
            "INSERT INTO accounts (id, uuid, user_uuid, name) VALUES (41, '00000000-0000-0000-0000-0000000000a2', '00000000-0000-0000-0000-000000000001', 'dup')"));

        await ExecuteAsync(connection, $"DROP DATABASE `{connection.Database}`");
    }

    private static async Task<string?> PrimaryKeyAsync(MySqlConnection connection, string table) => await ScalarAsync(connection,
        "SELECT GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX) FROM information_schema.STATISTICS "
        + $"WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '{table}' AND INDEX_NAME = 'PRIMARY'");

    private static async Task<string?> ScalarAsync(MySqlConnection connection, string sql)
    {
        await using var command = new MySqlCommand(sql, connection);
        return (await command.ExecuteScalarAsync())?.ToString();
    }

    private static async Task ExecuteAsync(MySqlConnection connection, string sql)
    {
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
