namespace FinAegis.Grains.Transfers;

public sealed class TransferRecoveryOptions
{
    /// <summary>How often each silo looks for transfers left pending.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A transfer pending for longer than this is re-driven (normal ones settle within milliseconds).</summary>
    public TimeSpan PendingAge { get; set; } = TimeSpan.FromSeconds(3);

    public int BatchSize { get; set; } = 200;
}
