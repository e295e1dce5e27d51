using System.Text.RegularExpressions;
using FinAegis.LoadTest;
using FinAegis.Tests.Infrastructure;
using MySqlConnector;

namespace FinAegis.Tests.LoadTest;

/// <summary>The bench's yardstick, `LoadTest db-ceiling`, against a real MariaDB.</summary>
public sealed class DbCeilingTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task It_measures_inserted_rows_and_drops_its_scratch_table()
    {
        var output = new StringWriter();
        var exitCode = await DbCeiling.RunAsync(["--mysql", db.ConnectionString, "--seconds", "1", "--batch", "10", "--connections", "2"], output);

        Assert.Equal(0, exitCode);
        var line = output.ToString();
        var rows = long.Parse(Regex.Match(line, @"\brows=(\d+)").Groups[1].Value);
        var transactions = long.Parse(Regex.Match(line, @"\btransactions=(\d+)").Groups[1].Value);
        Assert.True(rows > 0, line);
        Assert.Equal(transactions * 10, rows);
        Assert.Matches(@"^db_ceiling_rows_per_second=\d+ ", line);
        Assert.Equal(0L, await db.ScalarAsync<long>(
            "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE 'bench\\_events\\_%'"));
    }

    [Fact]
    public async Task A_database_without_the_schema_gets_a_message_not_a_stack_trace()
    {
        var empty = "e_" + Guid.NewGuid().ToString("N")[..16];
        await db.ExecuteAsync($"CREATE DATABASE {empty}");
        var connectionString = new MySqlConnectionStringBuilder(db.ConnectionString) { Database = empty }.ConnectionString;
        var errors = new StringWriter();

        var exitCode = await DbCeiling.RunAsync(["--mysql", connectionString, "--seconds", "1"], new StringWriter(), errors);

        Assert.Equal(2, exitCode);
        Assert.Contains("stored_events", errors.ToString(), StringComparison.Ordinal);
        await db.ExecuteAsync($"DROP DATABASE {empty}");
    }
}
