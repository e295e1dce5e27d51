using System.Text;
using MySqlConnector;

namespace FinAegis.Grains.Integrity;

/// <summary>
/// Compares the expected rows of a batch of streams with what their read-model tables hold, and (when repairing)
/// makes the tables hold exactly that: upserts for missing or different rows (existing rows keep their ids),
/// deletes for rows the events do not produce.
/// </summary>
internal sealed class ReadModelComparer(MySqlConnection connection, Action<IntegrityDifference> report, bool repair)
{
    private const int MaxRowsPerStatement = 500;

    public long RowsWritten { get; private set; }

    public long RowsDeleted { get; private set; }

    public async Task CompareAsync(ExpectedRows batch, CancellationToken cancellationToken)
    {
        if (batch.Streams.Count == 0)
        {
            return;
        }
        var upserts = new List<(ReadModelTable Table, List<object?[]> Rows)>();
        var deletes = new List<(ReadModelTable Table, List<object?[]> Keys)>();
        foreach (var table in batch.Projection.Tables.OrderBy(t => t.Statement.Order))
        {
            var expected = batch.Rows[table];
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var toWrite = new List<object?[]>();
            var toDelete = new List<object?[]>();
            await using (var command = connection.CreateCommand())
            {
                var sql = new StringBuilder("SELECT ").Append(table.OwnerSql).Append(" AS `__owner`");
                foreach (var column in table.Columns)
                {
                    sql.Append(", ").Append(table.SelectSql(column));
                }
                sql.Append(" FROM ").Append(table.FromSql).Append(" WHERE ").Append(table.OwnerSql).Append(" IN (");
                for (var i = 0; i < batch.Streams.Count; i++)
                {
                    sql.Append(i == 0 ? "?" : ",?");
                    command.Parameters.Add(new MySqlParameter { Value = batch.Streams[i] });
                }
                command.CommandText = sql.Append(')').ToString();
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                var actual = new object?[table.Columns.Count];
                while (await reader.ReadAsync(cancellationToken))
                {
                    var owner = reader.IsDBNull(0) ? "NULL" : RowValues.Text(reader.GetValue(0));
                    for (var i = 0; i < actual.Length; i++)
                    {
                        actual[i] = reader.IsDBNull(i + 1) ? null : reader.GetValue(i + 1);
                    }
                    var key = RowValues.Key(table, actual);
                    if (!seen.Add(key))
                    {
                        continue;
                    }
                    if (!expected.TryGetValue(key, out var row))
                    {
                        report(new IntegrityDifference(DifferenceKind.UnexpectedRow, owner, Describe(table, actual),
                            "the events produce no such row", repair));
                        toDelete.Add(table.KeyIndexes.Select(i => actual[i]).ToArray());
                        continue;
                    }
                    var differs = false;
                    for (var i = 0; i < actual.Length; i++)
                    {
                        if (!RowValues.Same(row.Values[i], actual[i]))
                        {
                            differs = true;
                            report(new IntegrityDifference(DifferenceKind.ValueMismatch, row.Stream, $"{Describe(table, actual)}.{table.Columns[i]}",
                                $"expected {RowValues.Text(row.Values[i])}, found {RowValues.Text(actual[i])}", repair));
                        }
                    }
                    if (differs)
                    {
                        toWrite.Add(row.Values);
                    }
                }
            }
            foreach (var (key, row) in expected)
            {
                if (!seen.Contains(key))
                {
                    report(new IntegrityDifference(DifferenceKind.MissingRow, row.Stream, Describe(table, row.Values),
                        "the events produce this row but the table lacks it", repair));
                    toWrite.Add(row.Values);
                }
            }
            upserts.Add((table, toWrite));
            deletes.Add((table, toDelete));
        }
        if (repair)
        {
            await RepairAsync(upserts, deletes, cancellationToken);
        }
    }

    /// <summary>Deletes the given rows of <paramref name="table"/> by key (children before parents is the caller's order).</summary>
    public async Task DeleteAsync(ReadModelTable table, IReadOnlyList<object?[]> keys, MySqlTransaction? transaction, CancellationToken cancellationToken)
    {
        foreach (var key in keys)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"DELETE FROM `{table.Table}` WHERE "
                + string.Join(" AND ", table.KeyColumns.Select(c => $"`{c}` <=> {table.ValueSql(c)}"));
            foreach (var value in key)
            {
                command.Parameters.Add(new MySqlParameter { Value = value ?? DBNull.Value });
            }
            RowsDeleted += await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public static string Describe(ReadModelTable table, IReadOnlyList<object?> values)
        => $"{table.Table}[{string.Join(", ", table.KeyColumns.Select((c, i) => $"{c}={RowValues.Text(values[table.KeyIndexes[i]])}"))}]";

    private async Task RepairAsync(List<(ReadModelTable Table, List<object?[]> Rows)> upserts,
        List<(ReadModelTable Table, List<object?[]> Keys)> deletes, CancellationToken cancellationToken)
    {
        if (upserts.All(u => u.Rows.Count == 0) && deletes.All(d => d.Keys.Count == 0))
        {
            return;
        }
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Children first when deleting, parents first when writing: the foreign keys hold at every statement.
        foreach (var (table, keys) in deletes.OrderByDescending(d => d.Table.Statement.Order))
        {
            await DeleteAsync(table, keys, transaction, cancellationToken);
        }
        foreach (var (table, rows) in upserts.OrderBy(u => u.Table.Statement.Order))
        {
            foreach (var chunk in rows.Chunk(MaxRowsPerStatement))
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                var tuple = "(" + string.Join(",", table.Columns.Select(table.ValueSql)) + ")";
                command.CommandText = $"INSERT INTO `{table.Table}` ({string.Join(", ", table.Columns.Select(c => $"`{c}`"))}) VALUES "
                    + string.Join(",", Enumerable.Repeat(tuple, chunk.Length))
                    + " ON DUPLICATE KEY UPDATE " + string.Join(", ", table.Columns.Select(c => $"`{c}` = VALUES(`{c}`)"));
                foreach (var row in chunk)
                {
                    foreach (var value in row)
                    {
                        command.Parameters.Add(new MySqlParameter { Value = value ?? DBNull.Value });
                    }
                }
                await command.ExecuteNonQueryAsync(cancellationToken);
                RowsWritten += chunk.Length;
            }
        }
        await transaction.CommitAsync(cancellationToken);
    }
}
