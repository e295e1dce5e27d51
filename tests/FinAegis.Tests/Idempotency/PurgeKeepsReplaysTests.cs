using System.Net.Http.Json;
using FinAegis.Grains.Abstractions.Accounts;
using FinAegis.Grains.Abstractions.Common;
using FinAegis.Grains.Idempotency;
using FinAegis.Tests.Api;
using FinAegis.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FinAegis.Tests.Idempotency;

/// <summary>Through the real API: a purge pass takes the expired key and leaves a key younger than 24 h replaying.</summary>
[Collection(ClusterCollection.Name)]
public sealed class PurgeKeepsReplaysTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_key_younger_than_24_hours_still_replays_after_a_purge_pass()
    {
        var (owner, ownerUuid) = await ApiSession.RegisterAsync(fixture);
        var account = await ApiSession.OpenAccountAsync(owner);
        var youngKey = "purge_young_" + Guid.NewGuid().ToString("N");
        var oldKey = "purge_old_" + Guid.NewGuid().ToString("N");
        var first = (await ApiAssert.OkJsonAsync(await ApiAssert.SendKeyedAsync(owner, account, "deposit", youngKey, new { amount = "3.21" }))).GetProperty("data");
        await ApiAssert.OkJsonAsync(await ApiAssert.SendKeyedAsync(owner, account, "deposit", oldKey, new { amount = "1.00" }));

        // Age the rows as if time had passed: one just inside the retention, one past it.
        await AgeAsync(youngKey, TimeSpan.FromHours(23.5));
        await AgeAsync(oldKey, TimeSpan.FromHours(25));
        // Only the durable row may recognise the key: push the operations out of the account's window of recent
        // operation ids and drop every activation (the idempotency grains' memory of results included).
        var grain = fixture.Client.GetGrain<IAccountGrain>(account);
        var caller = new Caller(ownerUuid, false);
        for (var i = 0; i < Grains.Accounts.AccountState.RecentOperationWindow + 4; i++)
        {
            Assert.Null((await grain.Deposit(new MoveMoney(caller, Guid.NewGuid(), "USD", 1, null))).Error);
        }
        await fixture.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        await fixture.Cluster.GetSiloServiceProvider().GetRequiredService<IdempotencyKeyPurge>().PurgeOnceAsync();

        Assert.Equal(0L, await CountAsync(oldKey));
        Assert.Equal(1L, await CountAsync(youngKey));
        var before = await ApiAssert.AccountFingerprintAsync(fixture, owner, account);
        var replay = await ApiAssert.SendKeyedAsync(owner, account, "deposit", youngKey, new { amount = "3.21" });
        Assert.Equal(first.ToString(), (await ApiAssert.OkJsonAsync(replay)).GetProperty("data").ToString());
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(before, await ApiAssert.AccountFingerprintAsync(fixture, owner, account));
    }


    private Task<int> AgeAsync(string key, TimeSpan age) => fixture.Database.ExecuteAsync(
        "UPDATE idempotency_keys SET created_at = @c WHERE idempotency_key = @k", ("@c", DateTime.UtcNow - age), ("@k", key));

    private Task<long> CountAsync(string key) =>
        fixture.Database.ScalarAsync<long>("SELECT COUNT(*) FROM idempotency_keys WHERE idempotency_key = @k", ("@k", key));
}
