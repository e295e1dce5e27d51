using System.Text.RegularExpressions;
using FinAegis.Grains.EventStore;

namespace FinAegis.Grains.Integrity;

/// <summary>How repeated upserts of one key combine into the row the table ends up holding.</summary>
public enum ColumnMerge
{
    /// <summary>Set by the first insert only (not in the ON DUPLICATE KEY UPDATE list): created_at, constants.</summary>
    First,

    /// <summary><c>col = VALUES(col)</c>: the last write wins.</summary>
    Last,

    /// <summary><c>col = col + VALUES(col)</c>: writes add up (turnovers).</summary>
    Sum,
}

/// <summary>
/// A column holding the surrogate id of a row of another read model (votes.poll_id → polls.id). Rebuilt parents get
/// new ids, so the integrity tools never compare or write the id itself: they read the parent's natural key in its
/// place (polls.uuid) and turn it back into the current id when they write. The replay puts that natural key in the
/// column's value.
/// </summary>
public sealed record ParentReference(string Column, string Table, string KeyColumn, string IdColumn = "id");

/// <summary>
/// A read-model table as the integrity tools see it: the upsert statement that writes it (its column list and the
/// merge rule of each column are read from the statement's SQL), the natural key of a row (the table's unique key),
/// and the column or SQL expression naming the stream a row belongs to.
/// </summary>
public sealed partial class ReadModelTable
{
    public ReadModelTable(ReadModelStatement statement, string ownerColumn, params string[] keyColumns)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentException.ThrowIfNullOrWhiteSpace(ownerColumn);
        var insert = InsertPattern().Match(statement.InsertPrefix);
        if (!insert.Success)
        {
            throw new ArgumentException($"Statement {statement.Name}: expected 'INSERT INTO table (columns) VALUES'.", nameof(statement));
        }
        Statement = statement;
        Table = insert.Groups[1].Value.Trim('`');
        Columns = insert.Groups[2].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(c => c.Trim('`')).ToArray();
        if (Columns.Count != statement.ColumnCount)
        {
            throw new ArgumentException($"Statement {statement.Name}: {Columns.Count} columns listed, ColumnCount says {statement.ColumnCount}.");
        }
        OwnerColumn = ownerColumn;
        KeyColumns = keyColumns.Length > 0 ? keyColumns : throw new ArgumentException("A read-model table needs key columns.", nameof(keyColumns));
        KeyIndexes = keyColumns.Select(IndexOf).ToArray();
        Merges = ParseMerges(statement, Columns);
    }

    public ReadModelStatement Statement { get; }

    public string Table { get; }

    /// <summary>The columns the statement writes, in its VALUES order (no surrogate id: rebuilt rows get new ids).</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>
    /// A column (read through <see cref="Parent"/> when it is the reference), or an SQL expression over the table's
    /// columns, whose value is the owning stream id.
    /// </summary>
    public string OwnerColumn { get; }

    /// <summary>The column that references a parent row by its surrogate id, if any.</summary>
    public ParentReference? Parent
    {
        get;
        init
        {
            if (value is not null)
            {
                IndexOf(value.Column);
            }
            field = value;
        }
    }

    /// <summary>The columns of the unique key that identifies a row (the upsert's duplicate key).</summary>
    public IReadOnlyList<string> KeyColumns { get; }

    internal IReadOnlyList<int> KeyIndexes { get; }

    internal IReadOnlyList<ColumnMerge> Merges { get; }

    public int IndexOf(string column)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (string.Equals(Columns[i], column, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }
        throw new ArgumentException($"Table {Table} has no column {column} in statement {Statement.Name}.");
    }

    public override string ToString() => Table;

    /// <summary>The FROM clause of a read: the table as <c>rm</c>, joined to its parent (if any) as <c>parent</c>.</summary>
    internal string FromSql => Parent is { } p
        ? $"`{Table}` AS rm LEFT JOIN `{p.Table}` AS parent ON parent.`{p.IdColumn}` = rm.`{p.Column}`"
        : $"`{Table}` AS rm";

    /// <summary>How a read selects <paramref name="column"/>: the parent's natural key in place of the reference.</summary>
    internal string SelectSql(string column) => IsParent(column) ? $"parent.`{Parent!.KeyColumn}`" : $"rm.`{column}`";

    internal string OwnerSql => Columns.Any(c => string.Equals(c, OwnerColumn, StringComparison.OrdinalIgnoreCase))
        ? SelectSql(OwnerColumn)
        : OwnerColumn;

    /// <summary>The placeholder for <paramref name="column"/>'s value in a write: the reference looks the parent's id up.</summary>
    internal string ValueSql(string column) => IsParent(column)
        ? $"(SELECT `{Parent!.IdColumn}` FROM `{Parent.Table}` WHERE `{Parent.KeyColumn}` = ?)"
        : "?";

    private bool IsParent(string column) => Parent is { } p && string.Equals(p.Column, column, StringComparison.OrdinalIgnoreCase);

    private static ColumnMerge[] ParseMerges(ReadModelStatement statement, IReadOnlyList<string> columns)
    {
        var merges = new ColumnMerge[columns.Count];
        var suffix = statement.Suffix ?? "";
        var update = suffix.IndexOf("ON DUPLICATE KEY UPDATE", StringComparison.OrdinalIgnoreCase);
        if (update < 0)
        {
            return merges;
        }
        foreach (var assignment in SplitTopLevel(suffix[(update + "ON DUPLICATE KEY UPDATE".Length)..]))
        {
            var last = LastPattern().Match(assignment);
            var sum = SumPattern().Match(assignment);
            var self = SelfPattern().Match(assignment);
            int index;
            if (last.Success && string.Equals(last.Groups[1].Value, last.Groups[2].Value, StringComparison.OrdinalIgnoreCase))
            {
                index = IndexOfColumn(columns, last.Groups[1].Value, statement);
                merges[index] = ColumnMerge.Last;
            }
            else if (sum.Success && string.Equals(sum.Groups[1].Value, sum.Groups[2].Value, StringComparison.OrdinalIgnoreCase)
                && string.Equals(sum.Groups[1].Value, sum.Groups[3].Value, StringComparison.OrdinalIgnoreCase))
            {
                index = IndexOfColumn(columns, sum.Groups[1].Value, statement);
                merges[index] = ColumnMerge.Sum;
            }
            else if (self.Success && string.Equals(self.Groups[1].Value, self.Groups[2].Value, StringComparison.OrdinalIgnoreCase))
            {
                // "col = col": a no-op kept for syntax; the first write wins.
            }
            else
            {
                throw new ArgumentException(
                    $"Statement {statement.Name}: cannot tell how '{assignment}' merges; use col = VALUES(col) or col = col + VALUES(col).");
            }
        }
        return merges;
    }

    private static int IndexOfColumn(IReadOnlyList<string> columns, string column, ReadModelStatement statement)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            if (string.Equals(columns[i], column.Trim('`'), StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }
        throw new ArgumentException($"Statement {statement.Name}: the update names {column}, which it does not insert.");
    }

    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case ',' when depth == 0:
                    yield return text[start..i].Trim();
                    start = i + 1;
                    break;
            }
        }
        if (start < text.Length && text[start..].Trim().Length > 0)
        {
            yield return text[start..].Trim();
        }
    }

    [GeneratedRegex(@"^\s*INSERT\s+INTO\s+(\S+)\s*\(([^)]*)\)\s*VALUES\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex InsertPattern();

    [GeneratedRegex(@"^`?(\w+)`?\s*=\s*VALUES\(\s*`?(\w+)`?\s*\)$", RegexOptions.IgnoreCase)]
    private static partial Regex LastPattern();

    [GeneratedRegex(@"^`?(\w+)`?\s*=\s*`?(\w+)`?\s*\+\s*VALUES\(\s*`?(\w+)`?\s*\)$", RegexOptions.IgnoreCase)]
    private static partial Regex SumPattern();

    [GeneratedRegex(@"^`?(\w+)`?\s*=\s*`?(\w+)`?$", RegexOptions.IgnoreCase)]
    private static partial Regex SelfPattern();
}
