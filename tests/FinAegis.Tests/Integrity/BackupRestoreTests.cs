using FinAegis.Tests.Infrastructure;
using MySqlConnector;

namespace FinAegis.Tests.Integrity;

/// <summary>
/// `finaegis backup` under traffic and `finaegis restore` into a fresh database (then verify), plus the refusals:
/// a non-empty target, a truncated backup, a backup without its trailer.
/// </summary>
public sealed class BackupRestoreTests(LedgerFixture ledger) : IClassFixture<LedgerFixture>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("finaegis-backup-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_backup_taken_during_traffic_restores_into_a_fresh_database_that_verifies_at_the_backup_point()
    {
        var file = Path.Combine(_directory, "ledger.sql");
        using var stop = new CancellationTokenSource();
        long operations = 0;
        var traffic = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                Assert.Null((await LedgerFixture.Deposit(ledger.Account(ledger.Bob), "USD", 3)).Error);
                Assert.Null((await ledger.Transfer(ledger.Bob, ledger.Alice, "USD", 2)).Error);
                Interlocked.Increment(ref operations);
            }
        });
        await WaitForAsync(() => Interlocked.Read(ref operations) >= 5);

        var backup = await Cli.RunAsync("backup", file, "--connection", ledger.Database.ConnectionString);
        var duringBackup = Interlocked.Read(ref operations);
        await WaitForAsync(() => Interlocked.Read(ref operations) >= duringBackup + 5);
        await stop.CancelAsync();
        await traffic;

        Assert.True(backup.ExitCode == 0, backup.ToString());
        Assert.True(File.Exists(file + ".sha256"));
        Assert.False(File.Exists(file + ".partial"));
        var target = FreshDatabase();
        var restore = await Cli.RunAsync("restore", file, "--connection", target, "--quiet");
        Assert.True(restore.ExitCode == 0, restore.ToString());
        Assert.Contains("every hash chain is intact and every read model agrees", restore.Out);

        // A point in time mid-traffic: fewer events than the source has now, and each one identical to the source's.
        await using var restored = await OpenAsync(target);
        var restoredEvents = await ScalarAsync(restored, "SELECT COUNT(*) FROM stored_events");
        Assert.True(restoredEvents < await ledger.Database.ScalarAsync<long>("SELECT COUNT(*) FROM stored_events"));
        var fingerprint = "SELECT SHA2(GROUP_CONCAT(CONCAT_WS('|', id, aggregate_uuid, aggregate_version, event_class, meta_data) ORDER BY id SEPARATOR '\\n'), 256) "
            + "FROM stored_events WHERE id <= @max";
        var maxId = await ScalarAsync(restored, "SELECT MAX(id) FROM stored_events");
        Assert.Equal(await ledger.Database.ScalarAsync<string>(fingerprint.Replace("@max", maxId.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            await ScalarTextAsync(restored, fingerprint.Replace("@max", maxId.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        // Balances equal those the restored events add up to (computed here in SQL, independently of verify).
        var mismatches = await ScalarAsync(restored, """
            SELECT COUNT(*) FROM account_balances b
            LEFT JOIN (
              SELECT aggregate_uuid AS account_uuid, JSON_UNQUOTE(JSON_EXTRACT(event_properties, '$.asset_code')) AS asset_code,
                     SUM(CASE WHEN event_class = 'MoneyAdded' THEN 1
                              WHEN event_class = 'MoneySubtracted' THEN -1
                              WHEN JSON_UNQUOTE(JSON_EXTRACT(event_properties, '$.direction')) = 'out' THEN -1
                              ELSE 1 END * CAST(JSON_EXTRACT(event_properties, '$.amount') AS SIGNED)) AS balance
              FROM stored_events WHERE event_class IN ('MoneyAdded', 'MoneySubtracted', 'MoneyTransferred')
              GROUP BY 1, 2) e ON e.account_uuid = b.account_uuid AND e.asset_code = b.asset_code
            WHERE e.balance IS NULL OR e.balance <> b.balance
            """);
        Assert.Equal(0, mismatches);
        Assert.Equal(3, await ScalarAsync(restored, "SELECT COUNT(*) FROM account_balances WHERE account_uuid IN (@a, @b)"
            .Replace("@a", $"'{ledger.Alice}'").Replace("@b", $"'{ledger.Bob}'")));
        Assert.Equal(0, await ScalarAsync(restored, "SELECT COUNT(*) FROM OrleansMembershipTable"));

        var again = await Cli.RunAsync("restore", file, "--connection", target, "--quiet");
        Assert.True(again.ExitCode == 3, again.ToString());
        Assert.Contains("is not empty", again.Error);
    }

    [Fact]
    public async Task A_truncated_backup_or_one_without_its_trailer_is_refused_and_the_target_stays_empty()
    {
        var file = Path.Combine(_directory, "whole.sql");
        Assert.Equal(0, (await Cli.RunAsync("backup", file, "--connection", ledger.Database.ConnectionString)).ExitCode);
        Assert.EndsWith("\n", await File.ReadAllTextAsync(file));

        // Interrupted midway: the bytes stop, the checksum no longer matches.
        var truncated = Path.Combine(_directory, "truncated.sql");
        var bytes = await File.ReadAllBytesAsync(file);
        await File.WriteAllBytesAsync(truncated, bytes[..(bytes.Length / 2)]);
        File.Copy(file + ".sha256", truncated + ".sha256");
        var target = FreshDatabase();
        var run = await Cli.RunAsync("restore", truncated, "--connection", target, "--quiet");
        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("truncated or altered", run.Error);

        // Even with a matching checksum, a dump that does not end with the tool's trailer is incomplete.
        var headless = Path.Combine(_directory, "no-trailer.sql");
        await File.WriteAllBytesAsync(headless, bytes[..(bytes.Length / 2)]);
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes[..(bytes.Length / 2)]));
        await File.WriteAllTextAsync(headless + ".sha256", $"{hash}  no-trailer.sql\n");
        run = await Cli.RunAsync("restore", headless, "--connection", target, "--quiet");
        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("does not end with '-- Dump completed'", run.Error);

        // Without its sidecar a backup is unfinished.
        File.Delete(file + ".sha256");
        run = await Cli.RunAsync("restore", file, "--connection", target, "--quiet");
        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("is missing: the backup did not finish", run.Error);

        await using var connection = await OpenAsync(new MySqlConnectionStringBuilder(target) { Database = "" }.ConnectionString);
        Assert.Equal(0, await ScalarAsync(connection,
            $"SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '{new MySqlConnectionStringBuilder(target).Database}'"));
    }

    private static string FreshDatabase() => new MySqlConnectionStringBuilder(new TestDatabase().ConnectionString).ConnectionString;

    private static async Task<MySqlConnection> OpenAsync(string connectionString)
    {
        var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<long> ScalarAsync(MySqlConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<string?> ScalarTextAsync(MySqlConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (await command.ExecuteScalarAsync())?.ToString();
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for traffic");
            await Task.Delay(20);
        }
    }
}
