using MySqlConnector;

namespace FinAegis.Grains.Integrity;

/// <summary>Silos the membership table says are serving: status Active with an I-am-alive beat inside the window.</summary>
public static class ServingSilos
{
    /// <summary>Orleans' SiloStatus.Active as stored in OrleansMembershipTable.Status.</summary>
    private const int Active = 3;

    public static async Task<IReadOnlyList<string>> FindAsync(string connectionString, TimeSpan aliveWindow, CancellationToken cancellationToken = default)
    {
        await using var connection = new MySqlConnection(new MySqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // Orleans writes IAmAliveTime in UTC; the cut-off is computed here so the server's time zone does not matter.
        command.CommandText = "SELECT DeploymentId, SiloName, Address, Port, IAmAliveTime FROM OrleansMembershipTable "
            + "WHERE Status = @active AND IAmAliveTime >= @since ORDER BY DeploymentId, SiloName";
        command.Parameters.AddWithValue("@active", Active);
        command.Parameters.AddWithValue("@since", DateTime.UtcNow - aliveWindow);
        var silos = new List<string>();
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                silos.Add($"{reader.GetString(1)} of cluster {reader.GetString(0)} at {reader.GetString(2)}:{reader.GetInt32(3)}, "
                    + $"alive at {reader.GetDateTime(4):yyyy-MM-dd HH:mm:ss}Z");
            }
        }
        catch (MySqlException exception) when (exception.ErrorCode == MySqlErrorCode.NoSuchTable)
        {
            // No Orleans schema: no silo has ever run here.
        }
        return silos;
    }
}
