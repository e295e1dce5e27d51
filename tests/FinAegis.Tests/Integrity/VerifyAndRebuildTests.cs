using System.Text;
using MySqlConnector;

namespace FinAegis.Tests.Integrity;

/// <summary>
/// `finaegis verify` and `rebuild-projections` on a ledger built by real traffic. Each tampering test puts the row
/// back afterwards and checks verify is clean again, so the tests are independent of their order.
/// </summary>
public sealed partial class VerifyAndRebuildTests(LedgerFixture ledger) : IClassFixture<LedgerFixture>
{
    private string Connection => ledger.Database.ConnectionString;

    [Fact]
    public async Task Verify_passes_on_a_ledger_built_by_real_traffic()
    {
        var run = await Cli.RunAsync("verify", "--connection", Connection);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("every hash chain is intact and every read model agrees", run.Out);
        Assert.Contains("verify: 8 streams", run.Out);
        // The progress line went to stderr, the report to stdout.
        Assert.Contains("events/s", run.Error);
        Assert.Equal(1L, await ledger.Database.ScalarAsync<long>("SELECT COUNT(*) FROM transfers WHERE status = 'failed'"));
    }

    [Fact]
    public async Task An_amount_edited_in_stored_events_is_named_by_stream_row_and_values()
    {
        var stream = ledger.Bob.ToString();
        var (id, original) = await EventAsync(stream, "MoneyAdded");
        await ledger.Database.ExecuteAsync("UPDATE stored_events SET event_properties = JSON_SET(event_properties, '$.amount', 2001) WHERE id = @id",
            ("@id", id));
        try
        {
            var run = await Cli.RunAsync("verify", "--connection", Connection, "--quiet");

            Assert.True(run.ExitCode == 1, run.ToString());
            Assert.Contains($"Chain: stream {stream}: stored_events row id {id} (version 2, MoneyAdded): HashMismatch", run.Out);
            // The replay then disagrees with the event's own balance_after and with the stored balance.
            Assert.Contains($"Replay: stream {stream}: stored_events row id {id}", run.Out);
            Assert.Contains($"ValueMismatch: stream {stream}: account_balances[account_uuid={stream}, asset_code=USD].balance: expected 3901, found 3900", run.Out);
            Assert.Contains($"ValueMismatch: stream {stream}: accounts[uuid={stream}].balance: expected 3901, found 3900", run.Out);
            Assert.DoesNotContain($"stream {ledger.Alice}", run.Out);
        }
        finally
        {
            await ledger.Database.ExecuteAsync("UPDATE stored_events SET event_properties = @p WHERE id = @id", ("@p", original), ("@id", id));
        }
        Assert.Equal(0, (await Cli.RunAsync("verify", "--connection", Connection, "--quiet")).ExitCode);
    }

    [Fact]
    public async Task A_balance_edited_in_account_balances_is_named_by_stream_row_and_values()
    {
        var stream = ledger.Carol.ToString();
        await ledger.Database.ExecuteAsync("UPDATE account_balances SET balance = balance + 5 WHERE account_uuid = @a AND asset_code = 'BTC'",
            ("@a", stream));
        try
        {
            var run = await Cli.RunAsync("verify", "--connection", Connection, "--quiet");

            Assert.True(run.ExitCode == 1, run.ToString());
            Assert.Contains(
                $"ValueMismatch: stream {stream}: account_balances[account_uuid={stream}, asset_code=BTC].balance: expected 100000000, found 100000005",
                run.Out);
            Assert.Contains("verify: 8 streams", run.Out);
            Assert.Contains(": 1 differences.", run.Out);
        }
        finally
        {
            await ledger.Database.ExecuteAsync("UPDATE account_balances SET balance = balance - 5 WHERE account_uuid = @a AND asset_code = 'BTC'",
                ("@a", stream));
        }
        Assert.Equal(0, (await Cli.RunAsync("verify", "--connection", Connection, "--quiet")).ExitCode);
    }

    [Fact]
    public async Task A_deleted_event_is_named_by_stream_and_the_gap()
    {
        var stream = ledger.Alice.ToString();
        var (id, _) = await EventAsync(stream, "MoneyAdded", version: 3);
        await using var connection = await ledger.Database.OpenAsync();
        var saved = await ReadRowAsync(connection, "SELECT * FROM stored_events WHERE id = @id", id);
        await ledger.Database.ExecuteAsync("DELETE FROM stored_events WHERE id = @id", ("@id", id));
        try
        {
            var run = await Cli.RunAsync("verify", "--connection", Connection, "--quiet");

            Assert.True(run.ExitCode == 1, run.ToString());
            Assert.Contains($"Chain: stream {stream}: stored_events row id", run.Out);
            Assert.Contains("VersionGap: expected version 3, found 4", run.Out);
            // Version 3 was the EUR deposit: the replayed EUR balance is 5,000 short.
            Assert.Contains($"account_balances[account_uuid={stream}, asset_code=EUR].balance: expected -1000, found 4000", run.Out);
        }
        finally
        {
            await InsertRowAsync(connection, "stored_events", saved);
        }
        Assert.Equal(0, (await Cli.RunAsync("verify", "--connection", Connection, "--quiet")).ExitCode);
    }

    [Fact]
    public async Task Rebuild_refuses_while_silos_are_serving()
    {
        var run = await Cli.RunAsync("rebuild-projections", "--connection", Connection, "--quiet");

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("Refusing to rebuild", run.Error);
        Assert.Contains("silo(s) look like they are serving", run.Error);
    }

    [Fact]
    public async Task Rebuild_after_wiping_the_read_models_restores_them_exactly_and_a_second_run_changes_nothing()
    {
        var before = await DumpReadModelsAsync();
        Assert.Contains(ledger.FailedTransfer.ToString(), before);
        Assert.Contains($"poll_uuid={ledger.ExecutedPoll} user_uuid={ledger.Voters[2]}", before);
        await ledger.Database.ExecuteAsync("DELETE FROM turnovers; DELETE FROM account_balances; DELETE FROM transfers; DELETE FROM accounts;"
            + " DELETE FROM exchange_rates; DELETE FROM votes; DELETE FROM polls");
        // And a row no stream produces: rebuild removes it.
        await ledger.Database.ExecuteAsync("INSERT INTO accounts (uuid, user_uuid, name) VALUES (@u, @u, 'ghost')", ("@u", Guid.NewGuid().ToString()));
        Assert.Equal(1, (await Cli.RunAsync("verify", "--connection", Connection, "--quiet")).ExitCode);

        // The fixture's silos are up (and idle): --force, as an operator would after checking.
        var rebuild = await Cli.RunAsync("rebuild-projections", "--connection", Connection, "--force", "--quiet");

        Assert.True(rebuild.ExitCode == 0, rebuild.ToString());
        Assert.Contains("rows deleted; the read models now agree with the events.", rebuild.Out);
        Assert.Equal(before, await DumpReadModelsAsync());
        var again = await Cli.RunAsync("rebuild-projections", "--connection", Connection, "--force", "--quiet");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains(": 0 rows written, 0 rows deleted", again.Out);
        Assert.Equal(0, (await Cli.RunAsync("verify", "--connection", Connection, "--quiet")).ExitCode);
    }

    [Fact]
    public async Task Rebuild_leaves_the_rows_of_a_stream_with_a_broken_chain_alone()
    {
        var stream = ledger.Bob.ToString();
        var (id, original) = await EventAsync(stream, "MoneyAdded");
        await ledger.Database.ExecuteAsync("UPDATE stored_events SET event_properties = JSON_SET(event_properties, '$.amount', 999999) WHERE id = @id",
            ("@id", id));
        try
        {
            var run = await Cli.RunAsync("rebuild-projections", "--connection", Connection, "--force", "--quiet");

            Assert.True(run.ExitCode == 1, run.ToString());
            Assert.Contains($"Chain: stream {stream}: read models: left as they are", run.Out);
            Assert.Equal(3900L, await ledger.Database.ScalarAsync<long>("SELECT balance FROM accounts WHERE uuid = @a", ("@a", stream)));
        }
        finally
        {
            await ledger.Database.ExecuteAsync("UPDATE stored_events SET event_properties = @p WHERE id = @id", ("@p", original), ("@id", id));
        }
    }

    [Fact]
    public async Task Verify_needs_only_SELECT_and_rebuild_only_the_application_users_grants_which_exclude_DDL()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var database = ledger.Database.DatabaseName;
        var audit = $"fa_audit_{suffix}";
        var app = $"fa_app_{suffix}";
        // The README's GRANTs.
        await ledger.Database.ExecuteAsync($"CREATE USER '{audit}'@'%' IDENTIFIED BY 'pw'; GRANT SELECT ON `{database}`.* TO '{audit}'@'%';"
            + $"CREATE USER '{app}'@'%' IDENTIFIED BY 'pw'; GRANT SELECT, INSERT, UPDATE, DELETE ON `{database}`.* TO '{app}'@'%'");
        try
        {
            string As(string user) => new MySqlConnectionStringBuilder(Connection) { UserID = user, Password = "pw" }.ConnectionString;

            var verify = await Cli.RunAsync("verify", "--connection", As(audit), "--quiet");
            Assert.True(verify.ExitCode == 0, verify.ToString());
            var rebuild = await Cli.RunAsync("rebuild-projections", "--connection", As(app), "--force", "--quiet");
            Assert.True(rebuild.ExitCode == 0, rebuild.ToString());
            await using var connection = new MySqlConnection(As(app));
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "ALTER TABLE account_balances DROP CONSTRAINT account_balances_not_negative";
            var refused = await Assert.ThrowsAsync<MySqlException>(() => command.ExecuteNonQueryAsync());
            Assert.Contains("denied", refused.Message, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            await ledger.Database.ExecuteAsync($"DROP USER '{audit}'@'%'; DROP USER '{app}'@'%'");
        }
    }

    private async Task<(long Id, string Properties)> EventAsync(string stream, string eventClass, int? version = null)
    {
        await using var connection = await ledger.Database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, event_properties FROM stored_events WHERE aggregate_uuid = @s AND event_class = @c"
            + (version is null ? "" : " AND aggregate_version = @v") + " ORDER BY aggregate_version LIMIT 1";
        command.Parameters.AddWithValue("@s", stream);
        command.Parameters.AddWithValue("@c", eventClass);
        command.Parameters.AddWithValue("@v", version);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"no {eventClass} in {stream}");
        return (reader.GetInt64(0), reader.GetString(1));
    }

    /// <summary>Every read-model row, every column but the surrogate id (a rebuilt row may get a new one), in key order.</summary>
    private async Task<string> DumpReadModelsAsync()
    {
        var text = new StringBuilder();
        await using var connection = await ledger.Database.OpenAsync();
        foreach (var (table, order) in new[]
        {
            ("accounts", "uuid"), ("account_balances", "account_uuid, asset_code"), ("turnovers", "account_uuid, period, asset_code"),
            ("transfers", "uuid"), ("exchange_rates", "from_asset, to_asset, fetched_at"), ("polls", "uuid"),
            // A vote names its poll by polls.id, which a rebuilt poll row does not keep: compare the poll's uuid.
            ("votes AS v JOIN polls AS p ON p.id = v.poll_id", "p.uuid, v.user_uuid"),
        })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = table.StartsWith("votes", StringComparison.Ordinal)
                ? $"SELECT p.uuid AS poll_uuid, v.* FROM {table} ORDER BY {order}"
                : $"SELECT * FROM {table} ORDER BY {order}";
            await using var reader = await command.ExecuteReaderAsync();
            text.Append("== ").Append(table).Append('\n');
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    if (reader.GetName(i) is "id" or "poll_id")
                    {
                        continue;
                    }
                    var value = reader.GetValue(i);
                    text.Append(reader.GetName(i)).Append('=').Append(value is DateTime time
                        ? time.ToString("yyyy-MM-dd HH:mm:ss.ffffff", System.Globalization.CultureInfo.InvariantCulture)
                        : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)).Append(' ');
                }
                text.Append('\n');
            }
        }
        return text.ToString();
    }

    private static async Task<Dictionary<string, object?>> ReadRowAsync(MySqlConnection connection, string sql, long id)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("@id", id);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? null : reader.GetValue(i));
    }

    private static async Task InsertRowAsync(MySqlConnection connection, string table, Dictionary<string, object?> row)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO {table} ({string.Join(", ", row.Keys)}) VALUES ({string.Join(", ", row.Keys.Select(k => "@" + k))})";
        foreach (var (name, value) in row)
        {
            command.Parameters.AddWithValue("@" + name, value ?? DBNull.Value);
        }
        await command.ExecuteNonQueryAsync();
    }
}
