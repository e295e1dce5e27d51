using MySqlConnector;

namespace FinAegis.Grains.Storage;

/// <summary>The MySQL connection string grains and read-model queries use.</summary>
public sealed record DatabaseSettings(string ConnectionString)
{
    /// <summary>An open (pooled) connection; the caller disposes it.</summary>
    public async Task<MySqlConnection> OpenConnectionAsync(CancellationToken cancellationToken = default)
    {
        var connection = new MySqlConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
