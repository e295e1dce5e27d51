using MySqlConnector;

namespace FinAegis.Grains.EventStore;

/// <summary>The event store's connection-string adjustments.</summary>
internal static class EventStoreConnectionString
{
    /// <summary>
    /// Stream ids are strings (a GUID text, or a key like "USD/EUR"): stop MySqlConnector from turning char(36)
    /// columns into <see cref="Guid"/> values.
    /// </summary>
    public static string Normalize(string connectionString, bool pooling = true)
    {
        var builder = new MySqlConnectionStringBuilder(connectionString) { GuidFormat = MySqlGuidFormat.None };
        if (!pooling)
        {
            builder.Pooling = false;
        }
        return builder.ConnectionString;
    }
}
