using Microsoft.Extensions.Options;
using MySqlConnector;

namespace FinAegis.Grains.EventStore;

/// <summary>
/// Recomputes every stream's hash chain from stored_events and reports the first row that does not match (a changed
/// event, a forged hash) or the first missing version (a deleted event). Streams the rows in key order, so memory
/// stays flat however large the table is.
/// </summary>
public sealed class HashChainVerifier(IOptions<EventStoreOptions> options)
{
    private const int ProgressEvery = 5000;

    private const string Columns = "SELECT id, aggregate_uuid, aggregate_version, event_class, event_properties, meta_data FROM stored_events";

    private readonly string _connectionString = EventStoreConnectionString.Normalize(options.Value.ConnectionString);

    public Task<ChainVerification> VerifyStreamAsync(string aggregateUuid, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(aggregateUuid);
        return VerifyAsync(Columns + " WHERE aggregate_uuid = ? ORDER BY aggregate_version", aggregateUuid, null, cancellationToken);
    }

    public Task<ChainVerification> VerifyAllAsync(IProgress<ChainVerificationProgress>? progress = null, CancellationToken cancellationToken = default)
        => VerifyAsync(Columns + " ORDER BY aggregate_uuid, aggregate_version", null, progress, cancellationToken);

    private async Task<ChainVerification> VerifyAsync(string sql, string? aggregateUuid, IProgress<ChainVerificationProgress>? progress,
        CancellationToken cancellationToken)
    {
        await using var connection = new MySqlConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        if (aggregateUuid is not null)
        {
            command.Parameters.Add(new MySqlParameter { Value = aggregateUuid });
        }
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);

        long streams = 0;
        long events = 0;
        string? stream = null;
        string? previousHash = null;
        var expectedVersion = 1;
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetInt64(0);
            var uuid = reader.GetString(1);
            var version = reader.GetInt32(2);
            if (!string.Equals(uuid, stream, StringComparison.Ordinal))
            {
                stream = uuid;
                streams++;
                previousHash = null;
                expectedVersion = 1;
            }
            events++;
            var failure = Check(id, uuid, version, expectedVersion, previousHash, reader.GetString(3), reader.GetString(4), reader.GetString(5), out var hash);
            if (failure is not null)
            {
                return new ChainVerification(streams, events, failure);
            }
            previousHash = hash;
            expectedVersion = version + 1;
            if (progress is not null && events % ProgressEvery == 0)
            {
                progress.Report(new ChainVerificationProgress(streams, events, stream));
            }
        }
        progress?.Report(new ChainVerificationProgress(streams, events, null));
        return new ChainVerification(streams, events, null);
    }

    private static ChainFailure? Check(long id, string uuid, int version, int expectedVersion, string? previousHash,
        string eventClass, string properties, string metadata, out string? hash)
        => StreamChainChecker.Check(id, uuid, version, expectedVersion, previousHash, eventClass, properties, metadata, out hash);
}
