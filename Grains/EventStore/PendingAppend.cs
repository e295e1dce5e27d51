namespace FinAegis.Grains.EventStore;

/// <summary>One event row ready for INSERT, its hash already chained.</summary>
internal sealed record PreparedRow(int Version, string EventClass, string PropertiesJson, string MetadataJson, DateTime CreatedAtUtc);

/// <summary>An append prepared on the caller's thread (hashing, JSON) and waiting in the writer's queue.</summary>
internal sealed class PendingAppend(AppendRequest request, IReadOnlyList<PreparedRow> rows, string lastHash, string? snapshotPrefix)
{
    public AppendRequest Request { get; } = request;

    public IReadOnlyList<PreparedRow> Rows { get; } = rows;

    public string LastHash { get; } = lastHash;

    /// <summary>The snapshot envelope's opening (<see cref="EventStore.SnapshotEnvelope.Prefix"/>) when the append carries a
    /// snapshot; the row gets the whole envelope through <see cref="EventStore.SnapshotEnvelope.SqlValue"/>.</summary>
    public string? SnapshotPrefix { get; } = snapshotPrefix;

    public TaskCompletionSource<AppendResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
