namespace FinAegis.Grains.EventStore;

public sealed class EventStoreOptions
{
    /// <summary>MySqlConnector connection string; <c>ConnectionReset=false</c> is measurably faster.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>A grain writes a snapshot with the append whose new version crosses a multiple of this.</summary>
    public int SnapshotEvery { get; set; } = 100;

    /// <summary>The most event rows the writer puts in one transaction (a larger single append goes alone).</summary>
    public int MaxBatchRows { get; set; } = 1000;

    /// <summary>Writer loops, each with its own connection and transaction (GroupCommitWriter).</summary>
    public int Writers { get; set; } = 2;
}
