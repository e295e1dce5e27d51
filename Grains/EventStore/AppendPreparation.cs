namespace FinAegis.Grains.EventStore;

/// <summary>
/// Validates an append and computes its rows (canonical hash chain, meta_data, snapshot envelope) before it is
/// queued, so the single writer loop spends its time on the database only and a malformed append fails alone.
/// </summary>
internal static class AppendPreparation
{
    public const int MaxAggregateUuidLength = 36;

    public static PendingAppend Prepare(AppendRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.AggregateUuid);
        if (request.AggregateUuid.Length > MaxAggregateUuidLength)
        {
            throw new ArgumentException($"Aggregate id '{request.AggregateUuid}' is longer than {MaxAggregateUuidLength} characters.", nameof(request));
        }
        ArgumentOutOfRangeException.ThrowIfNegative(request.ExpectedVersion);
        if (request.Events is null || request.Events.Count == 0)
        {
            throw new ArgumentException("An append needs at least one event.", nameof(request));
        }
        if (request.ExpectedVersion > 0 && request.PreviousHash is null)
        {
            // Without it the chain would silently restart mid-stream and verification would flag the stream.
            throw new ArgumentException($"Stream {request.AggregateUuid}: PreviousHash is required when ExpectedVersion > 0.", nameof(request));
        }

        var rows = new PreparedRow[request.Events.Count];
        var previous = request.ExpectedVersion == 0 ? null : request.PreviousHash;
        var hashes = new string[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            var e = request.Events[i];
            ArgumentException.ThrowIfNullOrWhiteSpace(e.EventClass);
            var version = request.ExpectedVersion + 1 + i;
            var hash = EventHash.Compute(previous, request.AggregateUuid, version, e.EventClass, CanonicalJson.CanonicalUtf8(e.PropertiesJson));
            var metadata = EventMetadataJson.Write(e.Metadata ?? new EventMetadata(), request.AppendId, hash);
            rows[i] = new PreparedRow(version, e.EventClass, e.PropertiesJson, metadata, ToStoredTimestamp(e.CreatedAt));
            hashes[i] = hash;
            previous = hash;
        }

        foreach (var write in request.ReadModelWrites ?? [])
        {
            if (write.Values.Length != write.Statement.ColumnCount)
            {
                throw new ArgumentException(
                    $"Read-model write '{write.Statement.Name}' has {write.Values.Length} values, the statement takes {write.Statement.ColumnCount}.",
                    nameof(request));
            }
        }

        string? snapshotPrefix = null;
        if (request.Snapshot is { } snapshot)
        {
            var first = request.ExpectedVersion;
            if (snapshot.Version < first || snapshot.Version > first + rows.Length)
            {
                throw new ArgumentException(
                    $"Stream {request.AggregateUuid}: snapshot version {snapshot.Version} is outside this append ({first}..{first + rows.Length}).",
                    nameof(request));
            }
            var snapshotHash = snapshot.Version == first ? request.PreviousHash : hashes[snapshot.Version - first - 1];
            snapshotPrefix = SnapshotEnvelope.Prefix(snapshot.Version, snapshotHash);
        }

        return new PendingAppend(request, rows, hashes[^1], snapshotPrefix);
    }

    /// <summary>UTC, truncated to the microseconds a timestamp(6) column keeps (both servers then agree).</summary>
    public static DateTime ToStoredTimestamp(DateTimeOffset value)
    {
        var utc = value.UtcDateTime;
        return new DateTime(utc.Ticks - (utc.Ticks % 10), DateTimeKind.Utc);
    }
}
