namespace FinAegis.Grains.EventStore;

/// <summary>
/// Now, at the precision the database keeps (<c>timestamp(6)</c>: microseconds). Events and the answers built from
/// them take their times from here, so a write's answer, its replay and every later read show the same instant.
/// </summary>
public static class StoredTime
{
    public static DateTimeOffset Now() => Truncate(DateTimeOffset.UtcNow);

    public static DateTimeOffset Truncate(DateTimeOffset time)
        => new(time.UtcTicks - time.UtcTicks % TimeSpan.TicksPerMicrosecond, TimeSpan.Zero);
}
