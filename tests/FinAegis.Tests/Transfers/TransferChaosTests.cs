using FinAegis.Grains.Abstractions.Accounts;
using FinAegis.Grains.Abstractions.Common;
using FinAegis.Grains.Abstractions.Transfers;
using FinAegis.Tests.Infrastructure;

namespace FinAegis.Tests.Transfers;

/// <summary>
/// A transfer storm on a three-silo cluster while one silo is killed; every request is re-sent with its transfer id
/// until it gets an answer (what a client does with its Idempotency-Key). Afterwards nothing is pending, money is
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
        const int accountCount = 12;
        const long initial = 100_000;
        var owner = new Caller(Guid.NewGuid(), false);
        var accounts = Enumerable.Range(0, accountCount).Select(_ => fixture.Client.GetGrain<IAccountGrain>(Guid.NewGuid())).ToList();
        foreach (var account in accounts)
        {
            await account.Open(new OpenAccount(owner, owner.UserUuid, "storm"));
            await account.Deposit(new MoveMoney(owner, Guid.NewGuid(), "USD", initial, null));
        }

        var random = new Random(7);
        var plan = Enumerable.Range(0, 1500).Select(_ =>
        {
            var from = random.Next(accountCount);
            var to = (from + 1 + random.Next(accountCount - 1)) % accountCount;
            var command = new StartTransfer(owner, Guid.NewGuid(), accounts[to].GetPrimaryKey(), "USD", random.Next(1, 5_000), null, null);
            return (Source: accounts[from], Command: command);
        }).ToList();

        using var gate = new SemaphoreSlim(32);
        var finished = 0;
        var finishedAtKill = -1;
        var killAfter = Task.Run(async () =>
        {
            while (Volatile.Read(ref finished) < 200)
            {
                await Task.Delay(10);
            }
            finishedAtKill = Volatile.Read(ref finished);
            var victim = fixture.Cluster.GetActiveSilos().Last();
            await fixture.Cluster.KillSiloAsync(victim);
        });
        var outcomes = await Task.WhenAll(plan.Select(async step =>
        {
            await gate.WaitAsync();
            try
            {
                var deadline = DateTime.UtcNow.AddSeconds(90);
                while (true)
                {
                    try
                    {
                        // The same transfer id every time: a retry can never start a second transfer.
                        var result = await step.Source.StartTransfer(step.Command);
                        Interlocked.Increment(ref finished);
                        return result;
                    }
                    catch (Exception) when (DateTime.UtcNow < deadline)
                    {
                        await Task.Delay(200);
                    }
                }
            }
            finally
            {
                gate.Release();
            }
        }));
        await killAfter;
        Assert.InRange(finishedAtKill, 1, plan.Count - 500); // the silo died in the middle of the storm

        Assert.All(outcomes, o => Assert.True(o.Error is null || o.Error.Code == ErrorCodes.InsufficientFunds, o.Error?.Code));

        // Everything pending settles by itself (the recovery sweeper) within a bounded time.
        var settleDeadline = DateTime.UtcNow.AddSeconds(60);
        while (await fixture.Database.ScalarAsync<long>("SELECT COUNT(*) FROM transfers WHERE status = 'pending'") > 0)
        {
            Assert.True(DateTime.UtcNow < settleDeadline, "transfers stayed pending beyond the recovery bound");
            await Task.Delay(250);
        }

        var admin = new Caller(Guid.NewGuid(), true);
        var balances = new List<long>();
        foreach (var account in accounts)
        {
            balances.Add((await Eventually.RetryAsync(() => account.Get(admin))).Account!.Balances["USD"]);
        }
        Assert.All(balances, b => Assert.True(b >= 0));
        Assert.Equal(initial * accountCount, balances.Sum());
        Assert.Equal(initial * accountCount, await fixture.Database.ScalarAsync<long>("SELECT SUM(balance) FROM account_balances"));
        // No transfer debited or credited twice.
        Assert.Equal(0L, await fixture.Database.ScalarAsync<long>("""
            SELECT COUNT(*) FROM (
              SELECT aggregate_uuid, JSON_UNQUOTE(JSON_EXTRACT(event_properties, '$.operation_id')) AS op, COUNT(*) AS n
              FROM stored_events WHERE event_class = 'MoneyTransferred' GROUP BY aggregate_uuid, op HAVING n > 1) AS dup
            """));
        // Every completed transfer has exactly one credit, every failed one its refund.
        Assert.Equal(await fixture.Database.ScalarAsync<long>("SELECT COUNT(*) FROM transfers WHERE status = 'completed'"),
            await fixture.Database.ScalarAsync<long>("""
                SELECT COUNT(*) FROM stored_events WHERE event_class = 'MoneyTransferred'
                AND JSON_UNQUOTE(JSON_EXTRACT(event_properties, '$.direction')) = 'in'
                """));
    }
}
