using System.Diagnostics;
using System.Globalization;
using System.Text;
using MySqlConnector;

namespace FinAegis.LoadTest;

/// <summary>
/// The database's own ceiling for the event store's write shape: multi-row INSERTs of event-like rows (same columns,
/// keys and JSON sizes as stored_events) into a scratch copy of the table, one transaction per batch, from a few
/// connections, for a fixed time. The scratch table is dropped afterwards.
/// </summary>
public static class DbCeiling
{
    /// <param name="output">Where the result line goes (standard output when null); <paramref name="errors"/> likewise.</param>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter? output = null, TextWriter? errors = null)
    {
        output ??= Console.Out;
        errors ??= Console.Error;
        string? connectionString = null;
        var seconds = 10.0;
        var batch = 100;
        var connections = 2;
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            switch (args[i])
            {
                case "--mysql": connectionString = args[i + 1]; break;
                case "--seconds": seconds = LoadTestOptions.ParseDouble("--seconds", args[i + 1], 1, 3600); break;
                case "--batch": batch = LoadTestOptions.ParseInt("--batch", args[i + 1], 1, 10_000); break;
                case "--connections": connections = LoadTestOptions.ParseInt("--connections", args[i + 1], 1, 256); break;
                default: throw new FormatException($"Unknown option {args[i]}.");
            }
        }
        if (connectionString is null)
        {
            throw new FormatException("db-ceiling needs --mysql CONNECTION_STRING.");
        }
        var table = $"bench_events_{Guid.NewGuid():N}"[..24];
        await using (var setup = new MySqlConnection(connectionString))
        {
            await setup.OpenAsync();
            try
            {
                await new MySqlCommand($"CREATE TABLE {table} LIKE stored_events", setup).ExecuteNonQueryAsync();
            }
            catch (MySqlException exception) when (exception.ErrorCode == MySqlErrorCode.NoSuchTable)
            {
                errors.WriteLine("db-ceiling copies the shape of stored_events: point --mysql at a FinAegis database "
                    + "(./run.sh, or the silo with --migrate-only, applies the migrations).");
                return 2;
            }
        }
        long rows = 0;
        long transactions = 0;
        var clock = Stopwatch.StartNew();
        try
        {
            await Task.WhenAll(Enumerable.Range(0, connections).Select(async _ =>
            {
                await using var connection = new MySqlConnection(connectionString);
                await connection.OpenAsync();
                var sql = new StringBuilder();
                while (clock.Elapsed.TotalSeconds < seconds)
                {
                    sql.Clear().Append("INSERT INTO ").Append(table)
                        .Append(" (aggregate_uuid, aggregate_version, event_version, event_class, event_properties, meta_data, created_at) VALUES ");
                    for (var row = 0; row < batch; row++)
                    {
                        AppendRow(sql, row > 0);
                    }
                    await using var transaction = await connection.BeginTransactionAsync();
                    await new MySqlCommand(sql.ToString(), connection, transaction).ExecuteNonQueryAsync();
                    await transaction.CommitAsync();
                    Interlocked.Add(ref rows, batch);
                    Interlocked.Increment(ref transactions);
                }
            }));
        }
        finally
        {
            await using var cleanup = new MySqlConnection(connectionString);
            await cleanup.OpenAsync();
            await new MySqlCommand($"DROP TABLE {table}", cleanup).ExecuteNonQueryAsync();
        }
        var elapsed = clock.Elapsed.TotalSeconds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"db_ceiling_rows_per_second={rows / elapsed:F0} rows={rows} transactions={transactions} batch={batch} connections={connections} seconds={elapsed:F1}"));
        return 0;
    }

    private static void AppendRow(StringBuilder sql, bool comma)
    {
        var aggregate = Guid.NewGuid();
        var user = Guid.NewGuid();
        if (comma)
        {
            sql.Append(',');
        }
        // Sizes like a MoneyTransferred row: ~300 bytes of properties, ~200 of metadata with a SHA-256 chain hash.
        sql.Append("('").Append(aggregate).Append("',1,1,'MoneyTransferred','{\"amount\": 1, \"asset_code\": \"USD\", \"balance_after\": 99999999, ")
            .Append("\"counterparty_account_uuid\": \"").Append(user).Append("\", \"description\": null, \"direction\": \"out\", \"initiated_by\": \"").Append(user)
            .Append("\", \"occurred_at\": \"2026-01-01T00:00:00.000000+00:00\", \"operation_id\": \"").Append(aggregate).Append("\", \"transfer_uuid\": \"").Append(aggregate)
            .Append("\"}','{\"append_id\": \"").Append(user).Append("\", \"hash\": \"").Append(Convert.ToHexStringLower(aggregate.ToByteArray())).Append(Convert.ToHexStringLower(user.ToByteArray()))
            .Append("\", \"previous_hash\": \"").Append(Convert.ToHexStringLower(user.ToByteArray())).Append(Convert.ToHexStringLower(aggregate.ToByteArray()))
            .Append("\"}',UTC_TIMESTAMP(6))");
    }
}
