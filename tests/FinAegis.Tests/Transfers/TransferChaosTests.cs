using FinAegis.Tests.Infrastructure;

namespace FinAegis.Tests.Transfers;

/// <summary>
/// A transfer storm on a three-silo cluster while one silo is killed. Afterwards nothing is pending, money is
/// conserved, nothing is negative and no transfer moved money twice.
/// </summary>
[Collection(SoloCollection.Name)]
public sealed class TransferChaosTests(TransferChaosTests.Fixture fixture) : IClassFixture<TransferChaosTests.Fixture>
{
    public sealed class Fixture : ClusterFixture
    {
        protected override short InitialSilos => 3;
    }

    [Fact]
    public async Task A_transfer_storm_survives_a_killed_silo()
    {
        var storm = await TransferStorm.OpenAccountsAsync(fixture, 12);
        var finishedAtKill = -1;
        var killAfter = Task.Run(async () =>
        {
            while (storm.Finished < 200)
            {
                await Task.Delay(10);
            }
            finishedAtKill = storm.Finished;
            await fixture.Cluster.KillSiloAsync(fixture.Cluster.GetActiveSilos().Last());
        });

        var outcomes = await storm.RunAsync(transfers: 1500, concurrency: 32);
        await killAfter;

        Assert.InRange(finishedAtKill, 1, 1000); // the silo died in the middle of the storm
        await storm.AssertMoneyIsIntactAsync(outcomes);
    }
}
