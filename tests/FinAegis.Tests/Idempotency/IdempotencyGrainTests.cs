using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FinAegis.Grains.Abstractions.Accounts;
using FinAegis.Grains.Abstractions.Common;
using FinAegis.Grains.Abstractions.Idempotency;
using FinAegis.Grains.Abstractions.Transfers;
using FinAegis.Grains.Idempotency;
using FinAegis.Tests.Api;
using FinAegis.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FinAegis.Tests.Idempotency;

/// <summary>
/// The per-user idempotency grain on a real cluster: a new key costs no database read, a key stored before the grain
/// activated is found with one read, and the Bloom filter is rebuilt when the user's keys outgrow it.
/// Tests of this collection run one at a time, so the silos' counters move only for the test that reads them.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class IdempotencyGrainTests(ClusterFixture fixture)
{
    private static readonly string _hashA = new('a', 64);
    private static readonly string _hashB = new('b', 64);

    [Fact]
    public async Task Brand_new_keys_are_answered_without_reading_their_rows()
    {
        var (owner, _) = await ApiSession.RegisterAsync(fixture);
        var account = await ApiSession.OpenAccountAsync(owner);
        var before = Counters();

        var keys = Enumerable.Range(0, 20).Select(_ => ApiAssert.NewIdempotencyKey()).ToList();
        foreach (var key in keys)
        {
            await ApiAssert.OkJsonAsync(await ApiAssert.SendKeyedAsync(owner, account, "deposit", key, new { amount = "1" }));
        }
        var afterNew = Counters() - before;
        Assert.Equal(new Snapshot(Loads: 1, Filter: 20, Memory: 0, Lookups: 0), afterNew);

        var replay = await ApiAssert.SendKeyedAsync(owner, account, "deposit", keys[3], new { amount = "1" });
        await ApiAssert.OkJsonAsync(replay);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        await ApiAssert.ProblemAsync(await ApiAssert.SendKeyedAsync(owner, account, "deposit", keys[4], new { amount = "2" }),
            HttpStatusCode.UnprocessableEntity, "IDEMPOTENCY_KEY_REUSED");
        Assert.Equal(afterNew with { Memory = 2 }, Counters() - before);
        Assert.Equal(2_000, (await ApiAssert.OkJsonAsync(await owner.GetAsync($"/api/accounts/{account}"))).GetProperty("data").GetProperty("balance").GetInt64());
    }

    [Fact]
    public async Task A_key_used_before_the_grain_activated_is_replayed_or_refused_after_reading_its_one_row()
    {
        var (owner, _) = await ApiSession.RegisterAsync(fixture);
        var account = await ApiSession.OpenAccountAsync(owner);
        var key = ApiAssert.NewIdempotencyKey();
        var first = (await ApiAssert.OkJsonAsync(await ApiAssert.SendKeyedAsync(owner, account, "deposit", key, new { amount = "4.56" }))).GetProperty("data");
        await fixture.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var before = Counters();

        var replay = await ApiAssert.SendKeyedAsync(owner, account, "deposit", key, new { amount = "4.56" });
        Assert.Equal(first.ToString(), (await ApiAssert.OkJsonAsync(replay)).GetProperty("data").ToString());
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        // The new activation loaded the user's keys once and read the one row; the 422 comes from memory.
        Assert.Equal(new Snapshot(Loads: 1, Filter: 0, Memory: 0, Lookups: 1), Counters() - before);
        await ApiAssert.ProblemAsync(await ApiAssert.SendKeyedAsync(owner, account, "deposit", key, new { amount = "4.57" }),
            HttpStatusCode.UnprocessableEntity, "IDEMPOTENCY_KEY_REUSED");
        await ApiAssert.OkJsonAsync(await ApiAssert.SendKeyedAsync(owner, account, "deposit", ApiAssert.NewIdempotencyKey(), new { amount = "1" }));
        Assert.Equal(new Snapshot(Loads: 1, Filter: 1, Memory: 1, Lookups: 1), Counters() - before);
        Assert.Equal(556, (await ApiAssert.OkJsonAsync(await owner.GetAsync($"/api/accounts/{account}"))).GetProperty("data").GetProperty("balance").GetInt64());
    }

    [Fact]
    public async Task A_row_written_while_the_users_grain_was_not_active_is_found()
    {
        var user = Guid.NewGuid();
        var key = ApiAssert.NewIdempotencyKey();
        await InsertRowsAsync(user, [key], _hashA, """{"uuid":"stored"}""");
        var grain = fixture.Client.GetGrain<IIdempotencyGrain>(user);

        Assert.Equal(new IdempotencyBegin(IdempotencyOutcome.Mismatch), await grain.Begin(key, _hashB));
        var replay = await grain.Begin(key, _hashA);
        Assert.Equal(IdempotencyOutcome.Completed, replay.Outcome);
        Assert.Equal("stored", System.Text.Json.JsonDocument.Parse(replay.ResultJson!).RootElement.GetProperty("uuid").GetString());
        Assert.Equal(IdempotencyOutcome.Started, (await grain.Begin(ApiAssert.NewIdempotencyKey(), _hashA)).Outcome);
    }

    [Fact]
    public async Task A_claim_is_in_flight_until_released_by_its_own_request_or_completed()
    {
        var grain = fixture.Client.GetGrain<IIdempotencyGrain>(Guid.NewGuid());
        var key = ApiAssert.NewIdempotencyKey();
        var before = Counters();

        Assert.Equal(IdempotencyOutcome.Started, (await grain.Begin(key, _hashA)).Outcome);
        Assert.Equal(IdempotencyOutcome.InFlight, (await grain.Begin(key, _hashA)).Outcome);
        Assert.Equal(IdempotencyOutcome.InFlight, (await grain.Begin(key, _hashB)).Outcome);
        await grain.Release(key, _hashB);
        Assert.Equal(IdempotencyOutcome.InFlight, (await grain.Begin(key, _hashA)).Outcome);
        Assert.Equal(new Snapshot(Loads: 1, Filter: 1, Memory: 3, Lookups: 0), Counters() - before);

        // Released after a fault, the request may still have committed: the next claim reads the row (there is none).
        await grain.Release(key, _hashA);
        Assert.Equal(IdempotencyOutcome.Started, (await grain.Begin(key, _hashB)).Outcome);
        Assert.Equal(1, (Counters() - before).Lookups);

        await grain.Complete(key, _hashB, """{"done":true}""");
        Assert.Equal(new IdempotencyBegin(IdempotencyOutcome.Completed, """{"done":true}"""), await grain.Begin(key, _hashB));
        Assert.Equal(new IdempotencyBegin(IdempotencyOutcome.Mismatch), await grain.Begin(key, _hashA));
        Assert.Equal(new Snapshot(Loads: 1, Filter: 1, Memory: 5, Lookups: 1), Counters() - before);
    }

    [Fact]
    public async Task The_filter_is_rebuilt_from_the_table_when_the_users_keys_outgrow_it()
    {
        var user = Guid.NewGuid();
        var stored = Enumerable.Range(0, IdempotencyGrain.MinimumFilterCapacity).Select(i => $"stored_key_{i:D6}").ToList();
        await InsertRowsAsync(user, stored, _hashA, "{}");
        var grain = fixture.Client.GetGrain<IIdempotencyGrain>(user);
        var before = Counters();

        // Loaded with 1,024 keys, the filter is sized for twice as many: 1,024 more keys added to it fit, one more does
        // not. New keys it mistook for known ones (about 1 %) are not added: they cost a read each, and only those.
        var fresh = new List<string>();
        while ((Counters() - before).Loads < 2 && fresh.Count < 2 * IdempotencyGrain.MinimumFilterCapacity)
        {
            var key = $"fresh_key_{fresh.Count:D6}";
            fresh.Add(key);
            Assert.Equal(IdempotencyOutcome.Started, (await grain.Begin(key, _hashB)).Outcome);
        }
        var grown = Counters() - before;
        Assert.Equal(2, grown.Loads);
        Assert.Equal(IdempotencyGrain.MinimumFilterCapacity + 1, grown.Filter);
        Assert.Equal(fresh.Count, grown.Filter + grown.Lookups);
        Assert.InRange(grown.Lookups, 1, fresh.Count * 3 / 100);

        // After the rebuild nothing is forgotten: stored keys are still found, claimed ones still in flight.
        foreach (var key in stored.Take(50))
        {
            Assert.Equal(IdempotencyOutcome.Completed, (await grain.Begin(key, _hashA)).Outcome);
        }
        foreach (var key in fresh.Take(50))
        {
            Assert.Equal(IdempotencyOutcome.InFlight, (await grain.Begin(key, _hashB)).Outcome);
        }
        Assert.Equal(2, (Counters() - before).Loads);
    }

    private readonly record struct Snapshot(long Loads, long Filter, long Memory, long Lookups)
    {
        public static Snapshot operator -(Snapshot a, Snapshot b) =>
            new(a.Loads - b.Loads, a.Filter - b.Filter, a.Memory - b.Memory, a.Lookups - b.Lookups);
    }

    /// <summary>The idempotency counters summed over the silos (the user's grain lives on one of them).</summary>
    private Snapshot Counters() => fixture.Cluster.Silos
        .Select(silo => fixture.Cluster.GetSiloServiceProvider(silo.SiloAddress).GetRequiredService<IdempotencyMetrics>())
        .Aggregate(new Snapshot(), (sum, m) => new Snapshot(sum.Loads + m.KeyLoads, sum.Filter + m.FilterAnswers,
            sum.Memory + m.MemoryAnswers, sum.Lookups + m.DatabaseLookups));

    private async Task InsertRowsAsync(Guid user, IReadOnlyList<string> keys, string requestHash, string resultJson)
    {
        var sql = new StringBuilder("INSERT INTO idempotency_keys (user_uuid, idempotency_key, request_hash, result_json) VALUES ");
        sql.AppendJoin(", ", keys.Select((_, i) => $"(@user, @k{i}, @hash, @json)"));
        var parameters = keys.Select((key, i) => ($"@k{i}", (object?)key))
            .Append(("@user", user.ToString())).Append(("@hash", requestHash)).Append(("@json", resultJson)).ToArray();
        Assert.Equal(keys.Count, await fixture.Database.ExecuteAsync(sql.ToString(), parameters));
    }

    [Fact]
    public async Task The_grain_that_applies_a_keyed_request_claims_the_key_completes_it_and_releases_it_after_a_refusal()
    {
        var (owner, ownerUuid) = await ApiSession.RegisterAsync(fixture);
        var source = await ApiSession.OpenAccountAsync(owner);
        var destination = await ApiSession.OpenAccountAsync(owner);
        var keys = fixture.Client.GetGrain<IIdempotencyGrain>(ownerUuid);
        var caller = new Caller(ownerUuid, false);
        var grain = fixture.Client.GetGrain<IAccountGrain>(source);

        // Applied: the account grain claimed the key itself, and the key answers the stored result at once.
        var depositKey = ApiAssert.NewIdempotencyKey();
        var depositClaim = new IdempotencyClaim(ownerUuid, depositKey, _hashA);
        var deposit = await grain.Deposit(new MoveMoney(caller, Guid.NewGuid(), "USD", 500, null, depositClaim));
        Assert.False(deposit.Replayed);
        var depositReplay = await keys.Begin(depositKey, _hashA);
        Assert.Equal(IdempotencyOutcome.Completed, depositReplay.Outcome);
        Assert.Equal(deposit.Transaction!.Uuid, JsonSerializer.Deserialize<TransactionView>(depositReplay.ResultJson!, ContractJson.Options)!.Uuid);

        // The same claim again is answered from the key, whatever operation id comes with it: nothing applied twice.
        var again = await grain.Deposit(new MoveMoney(caller, Guid.NewGuid(), "USD", 500, null, depositClaim));
        Assert.True(again.Replayed);
        Assert.Equal(deposit.Transaction.Uuid, again.Transaction!.Uuid);
        Assert.Equal(500, (await grain.Get(caller)).Account!.Balances["USD"]);
        var reused = await grain.Deposit(new MoveMoney(caller, Guid.NewGuid(), "USD", 7, null, new IdempotencyClaim(ownerUuid, depositKey, _hashB)));
        Assert.Equal(ErrorCodes.IdempotencyKeyReused, reused.Error!.Code);

        var transferKey = ApiAssert.NewIdempotencyKey();
        var transfer = await grain.StartTransfer(new StartTransfer(caller, Guid.NewGuid(), destination, "USD", 200, null, null,
            new IdempotencyClaim(ownerUuid, transferKey, _hashA)));
        var transferReplay = await keys.Begin(transferKey, _hashA);
        Assert.Equal(IdempotencyOutcome.Completed, transferReplay.Outcome);
        Assert.Equal(transfer.Transfer!.Uuid, JsonSerializer.Deserialize<TransferView>(transferReplay.ResultJson!, ContractJson.Options)!.Uuid);

        // In flight: a key claimed by a request still running is refused with 409's code, and the claim stays.
        var busyKey = ApiAssert.NewIdempotencyKey();
        Assert.Equal(IdempotencyOutcome.Started, (await keys.Begin(busyKey, _hashA)).Outcome);
        var busy = await grain.Withdraw(new MoveMoney(caller, Guid.NewGuid(), "USD", 1, null, new IdempotencyClaim(ownerUuid, busyKey, _hashA)));
        Assert.Equal(ErrorCodes.IdempotencyKeyInUse, busy.Error!.Code);
        Assert.Equal(IdempotencyOutcome.InFlight, (await keys.Begin(busyKey, _hashA)).Outcome);

        // Refused: nothing applied, so the key is free again (not held in flight).
        var refusedKey = ApiAssert.NewIdempotencyKey();
        var refused = await grain.Withdraw(new MoveMoney(caller, Guid.NewGuid(), "USD", 1_000_000, null, new IdempotencyClaim(ownerUuid, refusedKey, _hashB)));
        Assert.Equal(ErrorCodes.InsufficientFunds, refused.Error!.Code);
        Assert.Equal(IdempotencyOutcome.Started, (await keys.Begin(refusedKey, _hashB)).Outcome);
    }
}
