using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MySqlConnector;

namespace FinAegis.Grains.EventStore;

/// <summary>
/// The event store on MySQL/MariaDB: one per silo. Reads go straight to the database on pooled connections;
/// appends are prepared on the caller's thread and committed by the group-commit writer.
/// </summary>
public sealed class MySqlEventStore : IEventStore, IAsyncDisposable
{
    // One round trip, one consistent read view: the snapshot and the tail after it can never miss each other.
    private const string ReadSql =
        "SET time_zone = '+00:00'; START TRANSACTION READ ONLY; "
        + "SELECT aggregate_version, state FROM snapshots WHERE aggregate_uuid = ?; "
        + "SELECT event_class FROM stored_events WHERE aggregate_uuid = ? AND aggregate_version = 1; "
        + "SELECT id, aggregate_version, event_class, event_properties, meta_data, created_at FROM stored_events "
        + "WHERE aggregate_uuid = ? AND aggregate_version > COALESCE((SELECT aggregate_version FROM snapshots WHERE aggregate_uuid = ?), 0) "
        + "ORDER BY aggregate_version; COMMIT";

    // The same result sets with no snapshot (an empty first one), every event from the first (ReadStreamFromStartAsync).
    private const string ReadFromStartSql =
        "SET time_zone = '+00:00'; START TRANSACTION READ ONLY; "
        + "SELECT aggregate_version, state FROM snapshots WHERE FALSE; "
        + "SELECT event_class FROM stored_events WHERE aggregate_uuid = ? AND aggregate_version = 1; "
        + "SELECT id, aggregate_version, event_class, event_properties, meta_data, created_at FROM stored_events "
        + "WHERE aggregate_uuid = ? ORDER BY aggregate_version; COMMIT";

    private readonly string _connectionString;
    private readonly ILogger _logger;
    private readonly GroupCommitWriter _writer;
    private readonly bool _ownsMetrics;

    public MySqlEventStore(IOptions<EventStoreOptions> options, ILogger<MySqlEventStore> logger, EventStoreMetrics? metrics = null)
    {
        var value = options.Value;
        if (string.IsNullOrWhiteSpace(value.ConnectionString))
        {
            throw new InvalidOperationException("EventStoreOptions.ConnectionString is empty.");
        }
        _connectionString = EventStoreConnectionString.Normalize(value.ConnectionString);
        _logger = logger;
        _ownsMetrics = metrics is null;
        Metrics = metrics ?? new EventStoreMetrics();
        _writer = new GroupCommitWriter(value, logger, Metrics);
    }

    public EventStoreMetrics Metrics { get; }

    /// <summary>Tests: appends queued until the returned handle is disposed are written as one batch.</summary>
    internal IDisposable PauseWriter() => _writer.Pause();

    public Task<StreamRead> ReadStreamAsync(string aggregateUuid, CancellationToken cancellationToken = default)
        => ReadAsync(aggregateUuid, ReadSql, cancellationToken);

    public Task<StreamRead> ReadStreamFromStartAsync(string aggregateUuid, CancellationToken cancellationToken = default)
        => ReadAsync(aggregateUuid, ReadFromStartSql, cancellationToken);

    private async Task<StreamRead> ReadAsync(string aggregateUuid, string sql, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(aggregateUuid);
        try
        {
            await using var connection = new MySqlConnection(_connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            for (var i = sql.Count(c => c == '?'); i > 0; i--)
            {
                command.Parameters.Add(new MySqlParameter { Value = aggregateUuid });
            }
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);

            StreamSnapshot? snapshot = null;
            string? lastHash = null;
            if (await reader.ReadAsync(cancellationToken))
            {
                if (!SnapshotEnvelope.TryRead(reader.GetString(1), out var snapshotHash, out var stateJson))
                {
                    // A snapshot is a cache: an unreadable envelope must not keep the stream from being read.
                    _logger.LogWarning("Stream {AggregateUuid}: its snapshot row cannot be read; reading every event instead", aggregateUuid);
                    await reader.DisposeAsync();
                    return await ReadStreamFromStartAsync(aggregateUuid, cancellationToken);
                }
                snapshot = new StreamSnapshot(reader.GetInt32(0), stateJson);
                lastHash = snapshotHash;
            }
            await reader.NextResultAsync(cancellationToken);
            var firstEventClass = await reader.ReadAsync(cancellationToken) ? reader.GetString(0) : null;
            await reader.NextResultAsync(cancellationToken);

            var events = new List<StoredEvent>();
            while (await reader.ReadAsync(cancellationToken))
            {
                var metadata = reader.GetString(4);
                var createdAt = reader.IsDBNull(5) ? DateTimeOffset.MinValue : new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(5), DateTimeKind.Utc));
                events.Add(new StoredEvent(reader.GetInt64(0), aggregateUuid, reader.GetInt32(1), reader.GetString(2), reader.GetString(3), metadata, createdAt));
            }
            if (events.Count > 0)
            {
                lastHash = EventMetadataJson.ReadHash(events[^1].MetadataJson);
            }
            var version = events.Count > 0 ? events[^1].Version : snapshot?.Version ?? 0;
            return new StreamRead(snapshot, events, version, lastHash, firstEventClass);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // An activation whose read fails otherwise hangs silently in the log-consistency adaptor's retry loop.
            _logger.LogError(exception, "Event store could not read stream {AggregateUuid}", aggregateUuid);
            throw;
        }
    }

    public Task<AppendResult> AppendAsync(AppendRequest request, CancellationToken cancellationToken = default)
    {
        PendingAppend pending;
        try
        {
            pending = AppendPreparation.Prepare(request);
        }
        catch (Exception exception)
        {
            _logger.LogCritical(exception, "Event store refused a malformed append to stream {AggregateUuid}", request?.AggregateUuid);
            return Task.FromException<AppendResult>(exception is ArgumentException ? exception
                : new AppendRefusedException(request?.AggregateUuid ?? "", request?.AppendId ?? Guid.Empty, exception));
        }
        return _writer.EnqueueAsync(pending, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync();
        if (_ownsMetrics)
        {
            Metrics.Dispose();
        }
    }
}
