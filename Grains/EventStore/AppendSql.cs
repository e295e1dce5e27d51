using System.Text;
using MySqlConnector;

namespace FinAegis.Grains.EventStore;

/// <summary>One SQL statement with its positional (?) values.</summary>
internal sealed record SqlStatement(string Text, IReadOnlyList<object?> Values, long ApproximateBytes);

/// <summary>
/// Turns a batch of appends into the statements of one transaction (multi-row INSERT into stored_events, snapshot
/// updates and upserts, grouped read-model upserts in ascending Order) and packs them into as few round trips as the packet size
/// allows: usually the whole transaction, START TRANSACTION to COMMIT, is a single command.
/// </summary>
internal static class AppendSql
{
    public const string StoredEventsDuplicateKey = "stored_events_aggregate_uuid_aggregate_version_unique";

    // Well under max_allowed_packet (16 MB on MariaDB 10.11, 64 MB on MySQL 8.0), counting escaping.
    private const long MaxCommandBytes = 4L * 1024 * 1024;
    private const int MaxRowsPerStatement = 500;

    private const string InsertEvents =
        "INSERT INTO stored_events (aggregate_uuid, aggregate_version, event_version, event_class, event_properties, meta_data, created_at) VALUES ";

    private const string UpsertSnapshots =
        "INSERT INTO snapshots (aggregate_uuid, aggregate_version, state, created_at) VALUES ";

    // An older snapshot never replaces a newer one; aggregate_version is assigned last because MySQL evaluates the
    // assignments left to right against the already-updated row.
    private const string UpsertSnapshotsSuffix =
        " ON DUPLICATE KEY UPDATE state = IF(VALUES(aggregate_version) >= aggregate_version, VALUES(state), state),"
        + " created_at = IF(VALUES(aggregate_version) >= aggregate_version, VALUES(created_at), created_at),"
        + " aggregate_version = GREATEST(aggregate_version, VALUES(aggregate_version))";

    // The row exists (StreamSnapshot.ReplacesStored); still never let an older snapshot replace a newer one. Should it
    // have been deleted, nothing is written and the next activation replays from the older point: a snapshot is a cache.
    private const string UpdateSnapshot =
        "UPDATE snapshots SET state = " + SnapshotEnvelope.SqlValue + ", created_at = ?, aggregate_version = ? WHERE aggregate_uuid = ? AND aggregate_version < ?";

    private const string SnapshotRow = "(?,?," + SnapshotEnvelope.SqlValue + ",?)";

    private const string Begin = "SET time_zone = '+00:00'; START TRANSACTION; ";
    private const string Commit = "; COMMIT";

    public static List<SqlStatement> Build(IReadOnlyList<PendingAppend> appends, DateTime nowUtc)
    {
        var statements = new List<SqlStatement>();
        var eventRows = appends.SelectMany(a => a.Rows.Select(r => (a.Request.AggregateUuid, Row: r)));
        foreach (var chunk in eventRows.Chunk(MaxRowsPerStatement))
        {
            var values = new List<object?>(chunk.Length * 6);
            long bytes = 0;
            var text = new StringBuilder(InsertEvents.Length + chunk.Length * 20).Append(InsertEvents);
            for (var i = 0; i < chunk.Length; i++)
            {
                var (aggregateUuid, row) = chunk[i];
                text.Append(i == 0 ? "(?,?,1,?,?,?,?)" : ",(?,?,1,?,?,?,?)");
                values.Add(aggregateUuid);
                values.Add(row.Version);
                values.Add(row.EventClass);
                values.Add(row.PropertiesJson);
                values.Add(row.MetadataJson);
                values.Add(row.CreatedAtUtc);
                bytes += 100 + aggregateUuid.Length + row.EventClass.Length + (2L * row.PropertiesJson.Length) + (2L * row.MetadataJson.Length);
            }
            statements.Add(new SqlStatement(text.ToString(), values, bytes + text.Length));
        }

        foreach (var append in appends.Where(a => a.SnapshotPrefix is not null && a.Request.Snapshot!.ReplacesStored))
        {
            var snapshot = append.Request.Snapshot!;
            statements.Add(new SqlStatement(UpdateSnapshot,
                [append.SnapshotPrefix, snapshot.StateJson, nowUtc, snapshot.Version, append.Request.AggregateUuid, snapshot.Version],
                SnapshotBytes(append) + UpdateSnapshot.Length));
        }

        var snapshots = appends.Where(a => a.SnapshotPrefix is not null && !a.Request.Snapshot!.ReplacesStored).ToList();
        foreach (var chunk in snapshots.Chunk(MaxRowsPerStatement))
        {
            var values = new List<object?>(chunk.Length * 5);
            long bytes = 0;
            var text = new StringBuilder(UpsertSnapshots);
            for (var i = 0; i < chunk.Length; i++)
            {
                text.Append(i == 0 ? SnapshotRow : "," + SnapshotRow);
                values.Add(chunk[i].Request.AggregateUuid);
                values.Add(chunk[i].Request.Snapshot!.Version);
                values.Add(chunk[i].SnapshotPrefix);
                values.Add(chunk[i].Request.Snapshot!.StateJson);
                values.Add(nowUtc);
                bytes += SnapshotBytes(chunk[i]);
            }
            text.Append(UpsertSnapshotsSuffix);
            statements.Add(new SqlStatement(text.ToString(), values, bytes + text.Length));
        }

        // Group by statement instance, keep batch order inside a group (a later upsert of the same key wins).
        var groups = appends
            .SelectMany(a => a.Request.ReadModelWrites ?? [])
            .GroupBy(w => w.Statement, ReferenceEqualityComparer.Instance)
            .Select(g => (Statement: (ReadModelStatement)g.Key!, Writes: g.ToList()))
            .OrderBy(g => g.Statement.Order)
            .ThenBy(g => g.Statement.Name, StringComparer.Ordinal);
        foreach (var (statement, writes) in groups)
        {
            var tuple = "(" + string.Join(",", Enumerable.Repeat("?", statement.ColumnCount)) + ")";
            foreach (var chunk in writes.Chunk(MaxRowsPerStatement))
            {
                var values = new List<object?>(chunk.Length * statement.ColumnCount);
                long bytes = 0;
                var text = new StringBuilder(statement.InsertPrefix).Append(' ');
                for (var i = 0; i < chunk.Length; i++)
                {
                    text.Append(i == 0 ? tuple : "," + tuple);
                    foreach (var value in chunk[i].Values)
                    {
                        values.Add(value);
                        bytes += value is string s ? 2L * s.Length + 2 : 24;
                    }
                }
                if (!string.IsNullOrWhiteSpace(statement.Suffix))
                {
                    text.Append(' ').Append(statement.Suffix);
                }
                statements.Add(new SqlStatement(text.ToString(), values, bytes + text.Length));
            }
        }
        return statements;
    }

    /// <summary>About what a snapshot adds to a command, counting escaping.</summary>
    private static long SnapshotBytes(PendingAppend append)
        => 100 + (2L * (append.SnapshotPrefix!.Length + append.Request.Snapshot!.StateJson.Length));

    /// <summary>The commands of one transaction: the first begins it, the last commits it.</summary>
    public static List<MySqlCommand> Pack(MySqlConnection connection, IReadOnlyList<SqlStatement> statements)
    {
        var commands = new List<MySqlCommand>();
        var text = new StringBuilder(Begin);
        var parameters = new List<object?>();
        long bytes = 0;
        var inCommand = 0;
        foreach (var statement in statements)
        {
            if (inCommand > 0 && bytes + statement.ApproximateBytes > MaxCommandBytes)
            {
                commands.Add(Create(connection, text.ToString(), parameters));
                text.Clear();
                parameters.Clear();
                bytes = 0;
                inCommand = 0;
            }
            if (inCommand > 0)
            {
                text.Append("; ");
            }
            text.Append(statement.Text);
            parameters.AddRange(statement.Values);
            bytes += statement.ApproximateBytes;
            inCommand++;
        }
        text.Append(Commit);
        commands.Add(Create(connection, text.ToString(), parameters));
        return commands;
    }

    private static MySqlCommand Create(MySqlConnection connection, string text, List<object?> values)
    {
        var command = connection.CreateCommand();
        command.CommandText = text;
        foreach (var value in values)
        {
            command.Parameters.Add(new MySqlParameter { Value = value ?? DBNull.Value });
        }
        return command;
    }
}
