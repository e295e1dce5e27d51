using System.Reflection;
using Microsoft.Extensions.Logging;
using MySqlConnector;

namespace FinAegis.Grains.Storage;

/// <summary>
/// Applies the versioned SQL scripts of db/migrations (embedded in this assembly) with Evolve. Safe to call from
/// several silos at once: Evolve takes a database lock, and skips what the `migrations` table says is applied.
/// </summary>
public static class DatabaseMigrator
{
    public const string ResourcePrefix = "FinAegis.Migrations";

    /// <summary>Creates the database named in the connection string if it is missing, then migrates it.</summary>
    /// <param name="upToVersion">Stop after this version (upgrade tests start from an older schema); all when null.</param>
    public static async Task MigrateAsync(string connectionString, ILogger logger, string? upToVersion = null,
        CancellationToken cancellationToken = default)
    {
        await EnsureDatabaseExistsAsync(connectionString, cancellationToken);
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var evolve = new EvolveDb.Evolve(connection, message => logger.LogInformation("{EvolveMessage}", message), EvolveDb.Dialect.DBMS.MySQL)
        {
            EmbeddedResourceAssemblies = [typeof(DatabaseMigrator).Assembly],
            EmbeddedResourceFilters = [ResourcePrefix],
            MetadataTableName = "migrations",
            IsEraseDisabled = true,
            CommandTimeout = 300,
        };
        if (upToVersion is not null)
        {
            evolve.TargetVersion = new EvolveDb.Migration.MigrationVersion(upToVersion);
        }
        evolve.Migrate();
    }

    public static async Task EnsureDatabaseExistsAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        var builder = new MySqlConnectionStringBuilder(connectionString);
        var database = builder.Database;
        if (string.IsNullOrEmpty(database))
        {
            throw new InvalidOperationException("The MySQL connection string names no database (Database=...).");
        }
        builder.Database = "";
        await using var connection = new MySqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"CREATE DATABASE IF NOT EXISTS `{database.Replace("`", "``")}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
