using FinAegis.Tests.Infrastructure;
using MySqlConnector;

namespace FinAegis.Tests.Integrity;

/// <summary>
/// Every foreign key, unique key and CHECK constraint, and every JSON column, refuses a bad row, by SQL, bypassing the
/// application. Each case first inserts the same row with good values (so a case can only pass because of the
/// constraint, never because its SQL is wrong), then the bad one, and expects the error to name the constraint.
/// </summary>
public sealed class ConstraintTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    /// <summary>Good rows, column → SQL literal. $u: a fresh uuid per row; $acc, $poll, $webhook: fresh parent rows.</summary>
    private static readonly Dictionary<string, Dictionary<string, string>> _goodRows = new()
    {
        ["users"] = new() { ["uuid"] = "'$u'", ["name"] = "'n'", ["email"] = "'$u@x.test'", ["password"] = "'p'", ["is_admin"] = "0" },
        ["accounts"] = new() { ["uuid"] = "'$u'", ["user_uuid"] = "'$u'", ["name"] = "'a'", ["balance"] = "0", ["status"] = "'active'" },
        ["assets"] = new()
        {
            ["code"] = "'$code'", ["name"] = "'x'", ["type"] = "'custom'", ["precision"] = "2", ["is_active"] = "1", ["metadata"] = "'{}'",
        },
        ["account_balances"] = new() { ["account_uuid"] = "'$acc'", ["asset_code"] = "'USD'", ["balance"] = "0" },
        ["exchange_rates"] = new()
        {
            ["from_asset"] = "'USD'", ["to_asset"] = "'EUR'", ["rate"] = "1.5", ["source"] = "'manual'", ["fetched_at"] = "'$ts'",
            ["is_active"] = "1", ["metadata"] = "'{}'",
        },
        ["stored_events"] = new()
        {
            ["aggregate_uuid"] = "'$u'", ["aggregate_version"] = "1", ["event_version"] = "1", ["event_class"] = "'X'",
            ["event_properties"] = "'{}'", ["meta_data"] = "'{}'",
        },
        ["snapshots"] = new() { ["aggregate_uuid"] = "'$u'", ["aggregate_version"] = "1", ["state"] = "'{}'" },
        ["turnovers"] = new() { ["account_uuid"] = "'$acc'", ["period"] = "'2024-01-01'", ["asset_code"] = "'USD'", ["debit"] = "0", ["credit"] = "0" },
        ["transfers"] = new()
        {
            ["uuid"] = "'$u'", ["from_account_uuid"] = "'$acc'", ["to_account_uuid"] = "'$u'", ["asset_code"] = "'USD'", ["amount"] = "1",
            ["to_asset_code"] = "'USD'", ["to_amount"] = "1", ["status"] = "'pending'", ["failure_reason"] = "NULL", ["initiated_by"] = "'$u'",
        },
        ["polls"] = new()
        {
            ["uuid"] = "'$u'", ["title"] = "'t'", ["type"] = "'single_choice'", ["options"] = "'[]'", ["status"] = "'draft'",
            ["voting_power_strategy"] = "'one_user_one_vote'", ["execution_workflow"] = "NULL", ["required_participation"] = "NULL",
            ["voting_power_config"] = "NULL", ["execution_result"] = "NULL",
        },
        ["votes"] = new() { ["poll_id"] = "$poll", ["user_uuid"] = "'$u'", ["selected_options"] = "'[]'", ["voting_power"] = "1" },
        ["webhooks"] = new()
        {
            ["name"] = "'w'", ["url"] = "'http://x.test'", ["events"] = "'[]'", ["headers"] = "NULL", ["timeout_seconds"] = "30",
            ["retry_attempts"] = "3", ["is_active"] = "1",
        },
        ["webhook_deliveries"] = new()
        {
            ["webhook_id"] = "$webhook", ["event_type"] = "'e'", ["payload"] = "'{}'", ["status"] = "'pending'", ["attempts"] = "0",
        },
        ["settings"] = new() { ["`key`"] = "'$u'", ["value"] = "'v'", ["type"] = "'string'", ["is_encrypted"] = "0" },
        ["idempotency_keys"] = new()
        {
            ["user_uuid"] = "'$u'", ["idempotency_key"] = "'$u'", ["request_hash"] = "REPEAT('a', 64)", ["result_json"] = "'{}'",
        },
    };

    private const string Missing = "'00000000-0000-0000-0000-00000000dead'";
    private const string BadJson = "'{not json'";

    /// <summary>(constraint, table, column, bad literal); a null column re-inserts the good row (a duplicate key).</summary>
    public static TheoryData<string, string, string?, string?> Cases => new()
    {
        // Unique keys of the schema (the natural keys of the upserted read models are their primary keys since V10).
        { "PRIMARY", "accounts", null, null },
        { "PRIMARY", "account_balances", null, null },
        { "stored_events_aggregate_uuid_aggregate_version_unique", "stored_events", null, null },
        { "snapshots_aggregate_uuid_unique", "snapshots", null, null },
        { "PRIMARY", "turnovers", null, null },
        { "transfers_uuid_unique", "transfers", null, null },
        { "votes_poll_id_user_uuid_unique", "votes", null, null },
        { "exchange_rates_from_asset_to_asset_fetched_at_unique", "exchange_rates", null, null },
        { "polls_uuid_unique", "polls", null, null },
        { "users_uuid_unique", "users", null, null },
        { "settings_key_unique", "settings", null, null },
        { "PRIMARY", "idempotency_keys", null, null },
        // Foreign keys.
        { "account_balances_account_uuid_foreign", "account_balances", "account_uuid", Missing },
        { "account_balances_asset_code_foreign", "account_balances", "asset_code", "'NOPE'" },
        { "exchange_rates_from_asset_foreign", "exchange_rates", "from_asset", "'NOPE'" },
        { "exchange_rates_to_asset_foreign", "exchange_rates", "to_asset", "'NOPE'" },
        { "turnovers_account_uuid_foreign", "turnovers", "account_uuid", Missing },
        { "turnovers_asset_code_foreign", "turnovers", "asset_code", "'NOPE'" },
        { "transfers_from_account_uuid_foreign", "transfers", "from_account_uuid", Missing },
        { "transfers_asset_code_foreign", "transfers", "asset_code", "'NOPE'" },
        { "transfers_to_asset_code_foreign", "transfers", "to_asset_code", "'NOPE'" },
        { "votes_poll_id_foreign", "votes", "poll_id", "999999999" },
        { "webhook_deliveries_webhook_id_foreign", "webhook_deliveries", "webhook_id", "999999999" },
        // Balances never negative, amounts and rates positive.
        { "accounts_balance_not_negative", "accounts", "balance", "-1" },
        { "account_balances_not_negative", "account_balances", "balance", "-1" },
        { "turnovers_not_negative", "turnovers", "debit", "-1" },
        { "transfers_amount_positive", "transfers", "amount", "0" },
        { "exchange_rates_rate_positive", "exchange_rates", "rate", "0" },
        { "votes_voting_power_not_negative", "votes", "voting_power", "-1" },
        // Enumerated statuses and types.
        { "accounts_status_valid", "accounts", "status", "'dormant'" },
        { "transfers_status_valid", "transfers", "status", "'lost'" },
        { "transfers_failure_reason_only_when_failed", "transfers", "failure_reason", "'why'" },
        { "'type'", "assets", "type", "'stock'" },
        { "exchange_rates_source_valid", "exchange_rates", "source", "'rumour'" },
        { "polls_status_valid", "polls", "status", "'open'" },
        { "polls_type_valid", "polls", "type", "'ranked'" },
        { "polls_voting_power_strategy_valid", "polls", "voting_power_strategy", "'plutocracy'" },
        { "polls_execution_workflow_valid", "polls", "execution_workflow", "'drop_tables'" },
        { "webhook_deliveries_status_valid", "webhook_deliveries", "status", "'lost'" },
        { "settings_type_valid", "settings", "type", "'float'" },
        // Ranges.
        { "assets_precision_range", "assets", "precision", "19" },
        { "assets_code_length", "assets", "code", "'Z'" },
        { "polls_required_participation_range", "polls", "required_participation", "101" },
        { "webhooks_timeout_seconds_range", "webhooks", "timeout_seconds", "31" },
        { "webhooks_retry_attempts_range", "webhooks", "retry_attempts", "11" },
        { "webhook_deliveries_attempts_not_negative", "webhook_deliveries", "attempts", "-1" },
        { "stored_events_aggregate_version_positive", "stored_events", "aggregate_version", "0" },
        { "stored_events_event_version_positive", "stored_events", "event_version", "0" },
        { "stored_events_aggregate_uuid_not_empty", "stored_events", "aggregate_uuid", "''" },
        { "stored_events_event_class_not_empty", "stored_events", "event_class", "''" },
        { "snapshots_aggregate_version_positive", "snapshots", "aggregate_version", "0" },
        // Booleans.
        { "users_is_admin_boolean", "users", "is_admin", "2" },
        { "assets_is_active_boolean", "assets", "is_active", "2" },
        { "exchange_rates_is_active_boolean", "exchange_rates", "is_active", "2" },
        { "webhooks_is_active_boolean", "webhooks", "is_active", "2" },
        { "settings_is_encrypted_boolean", "settings", "is_encrypted", "2" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_database_refuses_a_bad_row(string constraint, string table, string? column, string? badValue)
    {
        await using var connection = await db.OpenAsync();
        var good = await RenderAsync(connection, table, null, null);
        await ExecuteAsync(connection, good);

        var bad = column is null ? good : await RenderAsync(connection, table, column, badValue);
        var error = await Assert.ThrowsAsync<MySqlException>(() => ExecuteAsync(connection, bad));

        Assert.Contains(constraint, error.Message, StringComparison.Ordinal);
    }

    /// <summary>Every JSON column of the schema (all declared <c>json</c>).</summary>
    public static TheoryData<string, string> JsonColumns => new()
    {
        { "assets", "metadata" },
        { "exchange_rates", "metadata" },
        { "stored_events", "event_properties" },
        { "stored_events", "meta_data" },
        { "snapshots", "state" },
        { "polls", "options" },
        { "polls", "voting_power_config" },
        { "polls", "execution_result" },
        { "votes", "selected_options" },
        { "webhooks", "events" },
        { "webhooks", "headers" },
        { "webhook_deliveries", "payload" },
        { "idempotency_keys", "result_json" },
    };

    /// <summary>
    /// A JSON column refuses invalid JSON through its own type: MySQL's json type, or MariaDB's json alias with its
    /// implicit column check. On MariaDB that check is the only one (V11 dropped V8's named copies, which made every
    /// document be parsed twice).
    /// </summary>
    [Theory]
    [MemberData(nameof(JsonColumns))]
    public async Task A_json_column_refuses_invalid_json_and_validates_it_once(string table, string column)
    {
        await using var connection = await db.OpenAsync();
        await ExecuteAsync(connection, await RenderAsync(connection, table, null, null));

        var error = await Assert.ThrowsAsync<MySqlException>(async () => await ExecuteAsync(connection, await RenderAsync(connection, table, column, BadJson)));
        Assert.True(error.Message.Contains($"`{table}`.`{column}`", StringComparison.Ordinal) || error.Message.Contains($"{table}.{column}", StringComparison.Ordinal)
            || error.Message.Contains("Invalid JSON", StringComparison.OrdinalIgnoreCase), error.Message);

        if ((await CountAsync(connection, "SELECT VERSION() LIKE '%MariaDB%'", null)) == 1)
        {
            var checks = await CountAsync(connection,
                $"SELECT COUNT(*) FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = '{table}' AND CHECK_CLAUSE = 'json_valid(`{column}`)'",
                null);
            Assert.Equal(1L, checks);
        }
    }

    private static async Task<string> RenderAsync(MySqlConnection connection, string table, string? column, string? badValue)
    {
        var row = new Dictionary<string, string>(_goodRows[table]);
        if (column is not null)
        {
            var name = row.Keys.Single(k => k.Trim('`') == column);
            row[name] = badValue!;
        }
        var sql = $"INSERT INTO `{table}` ({string.Join(", ", row.Keys.Select(k => k.StartsWith('`') ? k : $"`{k}`"))}) VALUES ({string.Join(", ", row.Values)})";
        var uuid = Guid.NewGuid().ToString();
        if (sql.Contains("$acc", StringComparison.Ordinal))
        {
            var account = Guid.NewGuid().ToString();
            await ExecuteAsync(connection, $"INSERT INTO accounts (uuid, user_uuid, name) VALUES ('{account}', '{account}', 'parent')");
            sql = sql.Replace("$acc", account, StringComparison.Ordinal);
        }
        if (sql.Contains("$poll", StringComparison.Ordinal))
        {
            await ExecuteAsync(connection, $"INSERT INTO polls (uuid, title, type, options) VALUES ('{Guid.NewGuid()}', 'p', 'single_choice', '[]')");
            sql = sql.Replace("$poll", (await CountAsync(connection, "SELECT LAST_INSERT_ID()", null)).ToString(System.Globalization.CultureInfo.InvariantCulture),
                StringComparison.Ordinal);
        }
        if (sql.Contains("$webhook", StringComparison.Ordinal))
        {
            await ExecuteAsync(connection, "INSERT INTO webhooks (name, url, events) VALUES ('w', 'http://x.test', '[]')");
            sql = sql.Replace("$webhook", (await CountAsync(connection, "SELECT LAST_INSERT_ID()", null)).ToString(System.Globalization.CultureInfo.InvariantCulture),
                StringComparison.Ordinal);
        }
        var code = "C" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var timestamp = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(Random.Shared.NextInt64(TimeSpan.TicksPerDay * 3000) / 10 * 10);
        return sql.Replace("$u", uuid, StringComparison.Ordinal).Replace("$code", code, StringComparison.Ordinal)
            .Replace("$ts", timestamp.ToString("yyyy-MM-dd HH:mm:ss.ffffff", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    private static async Task ExecuteAsync(MySqlConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> CountAsync(MySqlConnection connection, string sql, string? name)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (name is not null)
        {
            command.Parameters.AddWithValue("@n", name);
        }
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
