namespace FinAegis.Grains.Storage;

/// <summary>
/// Timestamps read back from MySQL: the server runs in UTC (`--default-time-zone=+00:00`) and MySqlConnector returns
/// DateTime of unspecified kind, so they are marked UTC here, in one place.
/// </summary>
public static class DbTime
{
    public static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
