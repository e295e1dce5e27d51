using FinAegis.Grains.EventStore;

namespace FinAegis.Grains.Integrity;

/// <summary>Checks one stream's chain and replays it, append by append, into the read-model writes it produced.</summary>
internal static class StreamReplayer
{
    /// <summary>Reports every broken link of the stream's hash chain and version sequence; true when there was none.</summary>
    public static bool CheckChain(IReadOnlyList<StoredEvent> events, Action<IntegrityDifference> report)
    {
        var checker = new StreamChainChecker();
        checker.Begin(events[0].AggregateUuid);
        var intact = true;
        foreach (var e in events)
        {
            if (checker.Next(e.Id, e.Version, e.EventClass, e.PropertiesJson, e.MetadataJson) is { } failure)
            {
                intact = false;
                report(new IntegrityDifference(DifferenceKind.Chain, e.AggregateUuid,
                    $"stored_events row id {failure.RowId} (version {failure.Version}, {e.EventClass})", $"{failure.Kind}: {failure.Detail}"));
            }
        }
        return intact;
    }

    /// <summary>
    /// The writes of every append of the stream, in order; null (after reporting why) when the stream cannot be
    /// replayed. Events sharing an append_id were one batch of the grain, and are replayed as one.
    /// </summary>
    public static List<ReadModelWrite>? Replay(IStreamProjection projection, IReadOnlyList<StoredEvent> events,
        Action<IntegrityDifference> report)
    {
        var stream = events[0].AggregateUuid;
        var replay = projection.Begin(stream);
        var writes = new List<ReadModelWrite>();
        var batch = new List<StoredEvent>();
        Guid? batchId = null;
        foreach (var e in events.Append(null))
        {
            var appendId = e is null ? null : SafeAppendId(e.MetadataJson);
            if (batch.Count > 0 && (e is null || appendId is null || appendId != batchId))
            {
                try
                {
                    writes.AddRange(replay.ApplyAppend(batch, (at, problem) =>
                    {
                        report(new IntegrityDifference(DifferenceKind.Replay, stream,
                            $"stored_events row id {at.Id} (version {at.Version}, {at.EventClass})", problem));
                    }));
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    var first = batch[0];
                    report(new IntegrityDifference(DifferenceKind.Replay, stream,
                        $"stored_events row id {first.Id} (version {first.Version}, {first.EventClass})",
                        $"cannot replay: {exception.GetType().Name}: {exception.Message}"));
                    return null;
                }
                batch.Clear();
            }
            if (e is not null)
            {
                batch.Add(e);
                batchId = appendId;
            }
        }
        return writes;
    }

    private static Guid? SafeAppendId(string metadataJson)
    {
        try
        {
            return EventMetadataJson.ReadAppendId(metadataJson);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
