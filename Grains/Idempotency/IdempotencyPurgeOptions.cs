namespace FinAegis.Grains.Idempotency;

/// <summary>How long `idempotency_keys` rows are kept and how the purge removes older ones.</summary>
public sealed class IdempotencyPurgeOptions
{
    /// <summary>SPEC §3 promises a key is kept at least 24 hours; a shorter retention is refused at start-up.</summary>
    public static readonly TimeSpan MinimumRetention = TimeSpan.FromHours(24);

    /// <summary>The longest pause between passes (so Task.Delay's limit is never near).</summary>
    public static readonly TimeSpan MaximumInterval = TimeSpan.FromDays(1);

    /// <summary>Rows whose created_at is older than this are deleted.</summary>
    public TimeSpan Retention { get; set; } = MinimumRetention;

    /// <summary>Pause between two passes of a silo.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Rows one DELETE removes at most: each batch is its own short transaction on the hot table.</summary>
    public int BatchSize { get; set; } = 1000;
}
