using FinAegis.Grains.EventStore;

namespace FinAegis.Grains.Integrity;

/// <summary>One read-model row as the events say it must be, and the stream it belongs to.</summary>
internal sealed record ExpectedRow(string Stream, object?[] Values);

/// <summary>
/// The read-model rows a batch of streams must produce: the replayed writes merged per key exactly as the upserts
/// merge them in the database (first insert wins, last update wins, or sums; see <see cref="ColumnMerge"/>).
/// </summary>
internal sealed class ExpectedRows
{
    private readonly Dictionary<ReadModelStatement, ReadModelTable> _tables = [];

    public ExpectedRows(IStreamProjection projection)
    {
        Projection = projection;
        foreach (var table in projection.Tables)
        {
            _tables[table.Statement] = table;
            Rows[table] = new Dictionary<string, ExpectedRow>(StringComparer.Ordinal);
        }
    }

    public IStreamProjection Projection { get; }

    public List<string> Streams { get; } = [];

    public Dictionary<ReadModelTable, Dictionary<string, ExpectedRow>> Rows { get; } = [];

    /// <summary>Merges the writes of one stream; writes to statements outside the projection's tables are ignored.</summary>
    public void Add(string stream, IEnumerable<ReadModelWrite> writes)
    {
        Streams.Add(stream);
        foreach (var write in writes)
        {
            if (!_tables.TryGetValue(write.Statement, out var table))
            {
                continue;
            }
            var rows = Rows[table];
            var key = RowValues.Key(table, write.Values);
            if (!rows.TryGetValue(key, out var row))
            {
                rows[key] = new ExpectedRow(stream, (object?[])write.Values.Clone());
                continue;
            }
            for (var i = 0; i < write.Values.Length; i++)
            {
                switch (table.Merges[i])
                {
                    case ColumnMerge.Last:
                        row.Values[i] = write.Values[i];
                        break;
                    case ColumnMerge.Sum:
                        row.Values[i] = Convert.ToInt64(row.Values[i], System.Globalization.CultureInfo.InvariantCulture)
                            + Convert.ToInt64(write.Values[i], System.Globalization.CultureInfo.InvariantCulture);
                        break;
                }
            }
        }
    }
}
