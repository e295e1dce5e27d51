using FinAegis.Grains.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using MySqlConnector;

namespace FinAegis.Tests.Infrastructure;

/// <summary>
/// A fresh, migrated database on the throwaway MariaDB that test.sh starts (FINAEGIS_TEST_MYSQL). Each fixture gets
/// its own database, so test classes never see each other's rows.
/// </summary>
public sealed class TestDatabase : IAsyncLifetime
{
    public string ConnectionString { get; }

    public string DatabaseName { get; }

    public TestDatabase()
    {
        var server = Environment.GetEnvironmentVariable("FINAEGIS_TEST_MYSQL")
            ?? throw new InvalidOperationException("FINAEGIS_TEST_MYSQL is not set: run the tests through ./test.sh, which starts MariaDB.");
        DatabaseName = "t_" + Guid.NewGuid().ToString("N")[..16];
        ConnectionString = new MySqlConnectionStringBuilder(server) { Database = DatabaseName }.ConnectionString;
    }

    public async Task InitializeAsync() => await DatabaseMigrator.MigrateAsync(ConnectionString, NullLogger.Instance);

    public async Task DisposeAsync()
    {
        MySqlConnection.ClearAllPools();
        await Task.CompletedTask;
    }

    public async Task<MySqlConnection> OpenAsync()
    {
        var connection = new MySqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async Task<T?> ScalarAsync<T>(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        var result = await command.ExecuteScalarAsync();
        if (result is null or DBNull)
        {
            return default;
        }
        // MySqlConnector reads char(36) columns as Guid.
        return typeof(T) == typeof(string) ? (T)(object)result.ToString()! : (T)Convert.ChangeType(result, typeof(T));
    }

    public async Task<int> ExecuteAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        return await command.ExecuteNonQueryAsync();
    }
}
