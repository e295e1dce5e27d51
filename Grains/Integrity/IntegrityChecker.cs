using System.Diagnostics;
using FinAegis.Grains.EventStore;
using MySqlConnector;

namespace FinAegis.Grains.Integrity;

/// <summary>
/// The engine of `finaegis verify` and `finaegis rebuild-projections`: replays every stream of stored_events (one
/// stream in memory at a time), checks its hash chain and version sequence, recomputes its read-model rows through
/// its <see cref="IStreamProjection"/>, and compares them, a batch of streams at a time, with the tables. Rows whose
/// stream does not exist are found at the end. In repair mode every difference is fixed instead of only reported;
/// streams whose chain is broken are left alone (their events are not trusted to rebuild anything).
/// <para>
/// Run it on a quiescent database (silos stopped) or on a restored backup: against live traffic a stream that
/// changes between its events being read and its rows being compared shows up as a difference.
/// </para>
/// </summary>
public sealed class IntegrityChecker
{
    private readonly string _connectionString;
    private readonly IReadOnlyList<IStreamProjection> _projections;

    public IntegrityChecker(string connectionString, IReadOnlyList<IStreamProjection>? projections = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        // Stream ids are strings, and every timestamp is read and written in UTC as the event store does.
        _connectionString = new MySqlConnectionStringBuilder(connectionString) { GuidFormat = MySqlGuidFormat.None, Pooling = false }.ConnectionString;
        _projections = projections ?? StreamProjections.All;
    }

    /// <summary>How many streams are compared per round trip set.</summary>
    public int StreamsPerBatch { get; init; } = 200;

    public IReadOnlyList<IStreamProjection> Projections => _projections;

    public Task<IntegrityReport> VerifyAsync(Action<IntegrityDifference> report, IProgress<IntegrityProgress>? progress = null,
        CancellationToken cancellationToken = default)
        => RunAsync(repair: false, report, progress, cancellationToken);

    public Task<IntegrityReport> RebuildAsync(Action<IntegrityDifference> report, IProgress<IntegrityProgress>? progress = null,
        CancellationToken cancellationToken = default)
        => RunAsync(repair: true, report, progress, cancellationToken);

    private async Task<IntegrityReport> RunAsync(bool repair, Action<IntegrityDifference> report, IProgress<IntegrityProgress>? progress,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        long streams = 0;
        long events = 0;
        long differences = 0;
        void Report(IntegrityDifference difference)
        {
            if (!difference.Repaired)
            {
                differences++;
            }
            report(difference);
        }

        await using var scan = await OpenAsync(cancellationToken);
        await using var compare = await OpenAsync(cancellationToken);
        var comparer = new ReadModelComparer(compare, Report, repair);
        var batches = _projections.ToDictionary(p => p, p => new ExpectedRows(p));
        var lastProgress = TimeSpan.Zero;

        await foreach (var stream in StoredEventScanner.ScanAsync(scan, cancellationToken))
        {
            streams++;
            events += stream.Count;
            await ProcessStreamAsync(stream, repair, batches, comparer, Report, cancellationToken);
            if (progress is not null && clock.Elapsed - lastProgress > TimeSpan.FromMilliseconds(200))
            {
                lastProgress = clock.Elapsed;
                progress.Report(new IntegrityProgress(streams, events, differences));
            }
        }
        foreach (var (projection, batch) in batches)
        {
            await comparer.CompareAsync(batch, cancellationToken);
        }
        foreach (var projection in _projections)
        {
            await FindOrphansAsync(compare, projection, comparer, repair, Report, cancellationToken);
        }
        progress?.Report(new IntegrityProgress(streams, events, differences));
        return new IntegrityReport(streams, events, differences, comparer.RowsWritten, comparer.RowsDeleted, clock.Elapsed);
    }

    private async Task ProcessStreamAsync(List<StoredEvent> stream, bool repair, Dictionary<IStreamProjection, ExpectedRows> batches,
        ReadModelComparer comparer, Action<IntegrityDifference> report, CancellationToken cancellationToken)
    {
        var id = stream[0].AggregateUuid;
        var intact = StreamReplayer.CheckChain(stream, report);
        var projection = _projections.FirstOrDefault(p => p.Owns(stream[0].EventClass));
        if (projection is null)
        {
            report(new IntegrityDifference(DifferenceKind.UnknownStream, id, $"stored_events row id {stream[0].Id}",
                $"no projection owns event class '{stream[0].EventClass}': add an IStreamProjection for this aggregate"));
            return;
        }
        if (repair && !intact)
        {
            // Rebuilding from events that fail their hash chain would launder the tampering into the read models.
            report(new IntegrityDifference(DifferenceKind.Chain, id, "read models", "left as they are: the stream's chain is broken"));
            return;
        }
        var writes = StreamReplayer.Replay(projection, stream, report);
        if (writes is null)
        {
            return;
        }
        var batch = batches[projection];
        batch.Add(id, writes);
        if (batch.Streams.Count >= StreamsPerBatch)
        {
            await comparer.CompareAsync(batch, cancellationToken);
            batches[projection] = new ExpectedRows(projection);
        }
    }

    private static async Task FindOrphansAsync(MySqlConnection connection, IStreamProjection projection, ReadModelComparer comparer,
        bool repair, Action<IntegrityDifference> report, CancellationToken cancellationToken)
    {
        // Children before parents, so deleting an orphan never trips a foreign key.
        foreach (var table in projection.Tables.OrderByDescending(t => t.Statement.Order))
        {
            var orphans = new List<object?[]>();
            await using (var command = connection.CreateCommand())
            {
                var keys = string.Join(", ", table.KeyColumns.Select(c => $"{table.SelectSql(c)} AS `{c}`"));
                command.CommandText = $"SELECT o.`__owner`, {string.Join(", ", table.KeyColumns.Select(c => $"o.`{c}`"))} "
                    + $"FROM (SELECT {table.OwnerSql} AS `__owner`, {keys} FROM {table.FromSql}) AS o "
                    + "WHERE NOT EXISTS (SELECT 1 FROM stored_events e WHERE e.aggregate_uuid = o.`__owner`)";
                command.CommandTimeout = 0;
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    var owner = reader.IsDBNull(0) ? "NULL" : RowValues.Text(reader.GetValue(0));
                    var key = new object?[table.KeyColumns.Count];
                    for (var i = 0; i < key.Length; i++)
                    {
                        key[i] = reader.IsDBNull(i + 1) ? null : reader.GetValue(i + 1);
                    }
                    var where = $"{table.Table}[{string.Join(", ", table.KeyColumns.Select((c, i) => $"{c}={RowValues.Text(key[i])}"))}]";
                    report(new IntegrityDifference(DifferenceKind.OrphanRow, owner, where, "no such stream in stored_events", repair));
                    if (repair)
                    {
                        orphans.Add(key);
                    }
                }
            }
            if (orphans.Count > 0)
            {
                await comparer.DeleteAsync(table, orphans, null, cancellationToken);
            }
        }
    }

    private async Task<MySqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new MySqlConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SET time_zone = '+00:00'";
        await command.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }
}
