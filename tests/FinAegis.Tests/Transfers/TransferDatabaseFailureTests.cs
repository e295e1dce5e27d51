using System.Diagnostics.Metrics;
using FinAegis.Tests.Infrastructure;
using MySqlConnector;

namespace FinAegis.Tests.Transfers;

/// <summary>
/// A transfer storm while every connection the cluster holds to its database is killed, five times: group commits die
/// mid-batch or with their COMMIT's outcome unknown, reads fail, pooled connections turn out dead. The event store must
/// settle each append exactly once, so afterwards nothing is pending, money is conserved, nothing is negative and no
/// transfer moved money twice.
/// </summary>
[Collection(SoloCollection.Name)]
public sealed class TransferDatabaseFailureTests(TransferDatabaseFailureTests.Fixture fixture) : IClassFixture<TransferDatabaseFailureTests.Fixture>
{
    public sealed class Fixture : ClusterFixture;

    [Fact]
    public async Task A_transfer_storm_survives_its_database_connections_being_killed()
    {
        var storm = await TransferStorm.OpenAccountsAsync(fixture, 12);
        // The silos run in this process: count the appends that faulted, to know the kills hit the event store.
        long appendFailures = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "finaegis.eventstore.append_failures")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref appendFailures, value));
        listener.Start();
        var killed = 0;
        var finishedAtFirstKill = -1;
        var killer = Task.Run(async () =>
        {
            while (storm.Finished < 150)
            {
                await Task.Delay(10);
            }
            finishedAtFirstKill = storm.Finished;
            for (var round = 0; round < 5; round++)
            {
                killed += await KillClusterConnectionsAsync();
                await Task.Delay(300);
            }
        });

        var outcomes = await storm.RunAsync(transfers: 1200, concurrency: 32);
        await killer;
        // The test's own pool may still hold connections the kills closed (this connection string skips the reset).
        using (var pooled = new MySqlConnection(fixture.Database.ConnectionString))
        {
            MySqlConnection.ClearPool(pooled);
        }

        Assert.InRange(finishedAtFirstKill, 1, 900); // the connections died in the middle of the storm
        Assert.True(killed >= 5, $"only {killed} connections were killed");
        Assert.True(Interlocked.Read(ref appendFailures) > 0, "no append failed: the kills missed the event store");
        await storm.AssertMoneyIsIntactAsync(outcomes);
    }

    /// <summary>Kills every connection to the fixture's database (the cluster's, and idle ones in any pool); returns how many.</summary>
    private async Task<int> KillClusterConnectionsAsync()
    {
        // A connection of its own, outside every pool: a pooled one may be one an earlier round killed.
        await using var connection = new MySqlConnection(new MySqlConnectionStringBuilder(fixture.Database.ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        var ids = new List<long>();
        await using (var list = new MySqlCommand(
            "SELECT id FROM information_schema.PROCESSLIST WHERE db = DATABASE() AND id <> CONNECTION_ID()", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                ids.Add(Convert.ToInt64(reader.GetValue(0)));
            }
        }
        var killed = 0;
        foreach (var id in ids)
        {
            try
            {
                await using var kill = new MySqlCommand($"KILL CONNECTION {id}", connection);
                await kill.ExecuteNonQueryAsync();
                killed++;
            }
            catch (MySqlException exception) when (exception.ErrorCode == MySqlErrorCode.NoSuchThread)
            {
                // It closed by itself meanwhile.
            }
        }
        return killed;
    }
}
