using System.Runtime.CompilerServices;
using FinAegis.Grains.EventStore;
using MySqlConnector;

namespace FinAegis.Grains.Integrity;

/// <summary>
/// Reads stored_events in (aggregate_uuid, aggregate_version) order with one unbuffered reader and hands out one
/// stream at a time: memory holds a single stream whatever the size of the table.
/// </summary>
internal static class StoredEventScanner
{
    // The unique key's order, forced: without the hint the optimizer may prefer a full scan plus a filesort, which
    // returns nothing until the whole table is sorted.
    private const string Sql =
        "SELECT id, aggregate_uuid, aggregate_version, event_class, event_properties, meta_data, created_at "
        + "FROM stored_events FORCE INDEX (stored_events_aggregate_uuid_aggregate_version_unique) "
        + "ORDER BY aggregate_uuid, aggregate_version";

    public static async IAsyncEnumerable<List<StoredEvent>> ScanAsync(MySqlConnection connection,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using (var session = connection.CreateCommand())
        {
            // The reader waits while each batch of streams is compared on a second connection: give it time.
            session.CommandText = "SET SESSION net_write_timeout = 3600, SESSION net_read_timeout = 3600";
            await session.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var command = connection.CreateCommand();
        command.CommandText = Sql;
        command.CommandTimeout = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        List<StoredEvent>? stream = null;
        while (await reader.ReadAsync(cancellationToken))
        {
            var uuid = reader.GetString(1);
            if (stream is not null && !string.Equals(stream[0].AggregateUuid, uuid, StringComparison.Ordinal))
            {
                yield return stream;
                stream = null;
            }
            stream ??= [];
            stream.Add(new StoredEvent(reader.GetInt64(0), uuid, reader.GetInt32(2), reader.GetString(3), reader.GetString(4),
                reader.GetString(5), reader.IsDBNull(6) ? DateTimeOffset.MinValue : new DateTimeOffset(reader.GetDateTime(6), TimeSpan.Zero)));
        }
        if (stream is not null)
        {
            yield return stream;
        }
    }
}
