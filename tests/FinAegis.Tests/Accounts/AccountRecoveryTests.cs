using FinAegis.Grains.Abstractions.Accounts;
using FinAegis.Grains.Abstractions.Common;
using FinAegis.Grains.Accounts;
using FinAegis.Grains.EventStore;
using FinAegis.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FinAegis.Tests.Accounts;

/// <summary>Restarts and stale writers: a cluster of its own, since these tests stop silos.</summary>
public sealed class AccountRecoveryTests(AccountRecoveryTests.Fixture fixture) : IClassFixture<AccountRecoveryTests.Fixture>
{
    public sealed class Fixture : ClusterFixture;

    [Fact]
    public async Task State_survives_restarting_every_silo()
    {
        var owner = new Caller(Guid.NewGuid(), false);
        var grain = fixture.Client.GetGrain<IAccountGrain>(Guid.NewGuid());
        await grain.Open(new OpenAccount(owner, owner.UserUuid, "Survivor"));
        for (var i = 0; i < 30; i++)
        {
            await grain.Deposit(new MoveMoney(owner, Guid.NewGuid(), "USD", 100 + i, null));
        }
        var before = (await grain.Get(owner)).Account!;

        foreach (var silo in fixture.Cluster.GetActiveSilos().ToList())
        {
            await fixture.Cluster.RestartSiloAsync(silo);
        }
        await fixture.Cluster.WaitForLivenessToStabilizeAsync();

        var after = await Eventually.RetryAsync(() => grain.Get(owner));
        Assert.Equal(before.Balances, after.Account!.Balances);
        Assert.Equal(before.Version, after.Account.Version);
        Assert.Null((await grain.Withdraw(new MoveMoney(owner, Guid.NewGuid(), "USD", before.Balances["USD"], null))).Error);
    }

    [Fact]
    public async Task A_stale_activation_cannot_overdraw()
    {
        var owner = new Caller(Guid.NewGuid(), false);
        var accountUuid = Guid.NewGuid();
        var grain = fixture.Client.GetGrain<IAccountGrain>(accountUuid);
        await grain.Open(new OpenAccount(owner, owner.UserUuid, "Contended"));
        await grain.Deposit(new MoveMoney(owner, Guid.NewGuid(), "USD", 100, null));
        Assert.Equal(100, (await grain.Get(owner)).Account!.Balances["USD"]);

        // Another writer (a duplicate activation during a membership change) spends the 100 behind this activation's back.
        var store = fixture.Cluster.GetSiloServiceProvider().GetRequiredService<IEventStore>();
        var stream = await store.ReadStreamAsync(accountUuid.ToString());
        var spend = new MoneySubtracted(Guid.NewGuid(), "USD", 100, 0, "elsewhere", owner.UserUuid, DateTimeOffset.UtcNow);
        var (eventClass, json) = AccountEventCodec.Instance.Encode(spend);
        var appended = await store.AppendAsync(new AppendRequest(accountUuid.ToString(), stream.Version, stream.LastHash, Guid.NewGuid(),
            [new NewEvent(eventClass, json, spend.OccurredAt, new EventMetadata(spend.OperationId, owner.UserUuid))], null, []));
        Assert.True(appended.Appended);

        // This activation still believes in 100; its conditional append loses, it re-reads, and refuses.
        var result = await grain.Withdraw(new MoveMoney(owner, Guid.NewGuid(), "USD", 100, null));
        Assert.Equal(ErrorCodes.InsufficientFunds, result.Error?.Code);
        Assert.Equal(0, (await grain.Get(owner)).Account!.Balances["USD"]);
        Assert.Equal(1L, await fixture.Database.ScalarAsync<long>(
            "SELECT COUNT(*) FROM stored_events WHERE aggregate_uuid = @a AND event_class = 'MoneySubtracted'", ("@a", accountUuid.ToString())));
    }
}
