using FinAegis.Grains.Abstractions.Accounts;
using FinAegis.Grains.Abstractions.Common;
using FinAegis.Grains.Abstractions.Transfers;
using FinAegis.Grains.Accounts;
using FinAegis.Grains.EventStore;
using FinAegis.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FinAegis.Tests.Transfers;

[Collection(ClusterCollection.Name)]
public sealed class TransferRecoveryTests(ClusterFixture fixture)
{
    /// <summary>
    /// Leaves in the database exactly what a silo that died right after committing the debit leaves (the start and
    /// debit events, the pending transfers row, the debited balance) and expects the sweeper to finish the transfer.
    /// </summary>
    [Fact]
    public async Task A_transfer_interrupted_after_the_debit_is_completed_by_recovery()
    {
        var owner = new Caller(Guid.NewGuid(), false);
        var source = fixture.Client.GetGrain<IAccountGrain>(Guid.NewGuid());
        var destination = fixture.Client.GetGrain<IAccountGrain>(Guid.NewGuid());
        await source.Open(new OpenAccount(owner, owner.UserUuid, "source"));
        await destination.Open(new OpenAccount(owner, owner.UserUuid, "destination"));
        await source.Deposit(new MoveMoney(owner, Guid.NewGuid(), "USD", 1_000, null));
        await fixture.Cluster.DeactivateAsync(source);

        var store = fixture.Cluster.GetSiloServiceProvider().GetRequiredService<IEventStore>();
        var streamId = source.GetPrimaryKey().ToString();
        var stream = await store.ReadStreamAsync(streamId);
        var before = new AccountState();
        foreach (var stored in stream.Events)
        {
            before.Apply(AccountEventCodec.Instance.Decode(stored.EventClass, stored.PropertiesJson));
        }
        var transferUuid = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow.AddSeconds(-10);
        AccountEvent[] startAndDebit =
        [
            new TransferInitiated(transferUuid, destination.GetPrimaryKey(), "USD", 400, "USD", 400, null, null, "interrupted", owner.UserUuid, now),
            new MoneyTransferred(transferUuid, transferUuid, MoneyTransferred.Out, destination.GetPrimaryKey(), "USD", 400, 600, "interrupted", owner.UserUuid, now),
        ];
        var appended = await store.AppendAsync(new AppendRequest(streamId, stream.Version, stream.LastHash, Guid.NewGuid(),
            startAndDebit.Select(e =>
            {
                var (eventClass, json) = AccountEventCodec.Instance.Encode(e);
                return new NewEvent(eventClass, json, e.OccurredAt, new EventMetadata(transferUuid, owner.UserUuid));
            }).ToList(), null, AccountReadModels.Project(before, startAndDebit, new Dictionary<Guid, Grains.Abstractions.Idempotency.IdempotencyClaim>())));
        Assert.True(appended.Appended);
        Assert.Equal("pending", await fixture.Database.ScalarAsync<string>("SELECT status FROM transfers WHERE uuid = @u", ("@u", transferUuid.ToString())));

        var deadline = DateTime.UtcNow.AddSeconds(45);
        while (await fixture.Database.ScalarAsync<string>("SELECT status FROM transfers WHERE uuid = @u", ("@u", transferUuid.ToString())) != "completed")
        {
            Assert.True(DateTime.UtcNow < deadline, "the sweeper did not complete the interrupted transfer in time");
            await Task.Delay(200);
        }
        var admin = new Caller(Guid.NewGuid(), true);
        Assert.Equal(600, (await source.Get(admin)).Account!.Balances["USD"]);
        Assert.Equal(400, (await destination.Get(admin)).Account!.Balances["USD"]);
        Assert.Equal(1L, await fixture.Database.ScalarAsync<long>(
            "SELECT COUNT(*) FROM stored_events WHERE aggregate_uuid = @a AND event_class = 'MoneyTransferred'", ("@a", destination.GetPrimaryKey().ToString())));
    }
}
