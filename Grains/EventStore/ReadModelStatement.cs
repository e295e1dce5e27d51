namespace FinAegis.Grains.EventStore;

/// <summary>
/// A read-model upsert written in the same transaction as the events. The writer groups every row of one statement
/// (across all appends of a batch) into one multi-row statement <c>{InsertPrefix} (?,..),(?,..) {Suffix}</c> and
/// runs the statements in ascending <see cref="Order"/>. Values are always parameters. The statement must be an
/// upsert that never fails on a duplicate key: a failure rolls back the events it travels with.
/// Define each statement once (a static field) and reuse the instance: writes are grouped by instance.
/// </summary>
public sealed class ReadModelStatement
{
    public ReadModelStatement(string name, int order, string insertPrefix, int columnCount, string? suffix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(insertPrefix);
        ArgumentOutOfRangeException.ThrowIfLessThan(columnCount, 1);
        Name = name;
        Order = order;
        InsertPrefix = insertPrefix;
        ColumnCount = columnCount;
        Suffix = suffix;
    }

    public string Name { get; }

    public int Order { get; }

    public string InsertPrefix { get; }

    public int ColumnCount { get; }

    public string? Suffix { get; }

    public override string ToString() => Name;
}
