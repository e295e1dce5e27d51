using System.Net;
using System.Net.Http.Json;
using FinAegis.Grains.Abstractions.Accounts;
using FinAegis.Grains.Abstractions.Common;
using FinAegis.Tests.Infrastructure;

namespace FinAegis.Tests.Api;

/// <summary>SPEC §3 Idempotency-Key on deposit and withdraw, through the real host: replay, reuse, per-user scope, races, durability.</summary>
[Collection(ClusterCollection.Name)]
public sealed class IdempotencyApiTests(ClusterFixture fixture)
{
    [Theory]
    [InlineData("deposit")]
    [InlineData("withdraw")]
    public async Task The_same_key_and_body_replays_the_first_result_and_applies_once(string route)
    {
        var (owner, _) = await ApiSession.RegisterAsync(fixture);
        var account = await ApiSession.OpenAccountAsync(owner);
        await ApiAssert.DepositAsync(owner, account, "50.00");
        var key = ApiAssert.NewIdempotencyKey();

        var first = await ApiAssert.SendKeyedAsync(owner, account, route, key, new { amount = "12.30", description = "rent" });
        var firstData = (await ApiAssert.OkJsonAsync(first)).GetProperty("data");
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        // "12.3" is the same amount as "12.30": the same request.
        var second = await ApiAssert.SendKeyedAsync(owner, account, route, key, new { amount = "12.3", description = "rent" });
        var secondData = (await ApiAssert.OkJsonAsync(second)).GetProperty("data");
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(firstData.ToString(), secondData.ToString());

        var expected = route == "deposit" ? 6_230 : 3_770;
        var account1 = (await ApiAssert.OkJsonAsync(await owner.GetAsync($"/api/accounts/{account}"))).GetProperty("data");
        Assert.Equal(expected, account1.GetProperty("balance").GetInt64());
        Assert.Equal(3, account1.GetProperty("version").GetInt32());
        Assert.Equal(1L, await CountKeyRowsAsync(key));
    }

    [Fact]
    public async Task The_same_key_with_another_body_answers_422_and_changes_nothing()
    {
        var (owner, _) = await ApiSession.RegisterAsync(fixture);
        var account = await ApiSession.OpenAccountAsync(owner);
        var other = await ApiSession.OpenAccountAsync(owner, "Other");
        var key = ApiAssert.NewIdempotencyKey();
        await ApiAssert.OkJsonAsync(await ApiAssert.SendKeyedAsync(owner, account, "deposit", key, new { amount = "10" }));
        var before = await ApiAssert.AccountFingerprintAsync(fixture, owner, account);

        var reuses = new (Guid Account, string Route, object Body)[]
        {
            (account, "deposit", new { amount = "11" }),
            (account, "deposit", new { amount = "10", description = "changed" }),
            (account, "deposit", new { amount = "10", asset_code = "EUR" }),
            (account, "withdraw", new { amount = "10" }),
            (other, "deposit", new { amount = "10" }),
        };
        foreach (var (target, route, body) in reuses)
        {
            await ApiAssert.ProblemAsync(await ApiAssert.SendKeyedAsync(owner, target, route, key, body), HttpStatusCode.UnprocessableEntity, "IDEMPOTENCY_KEY_REUSED",
                $"{route} {System.Text.Json.JsonSerializer.Serialize(body)}");
        }
        Assert.Equal(before, await ApiAssert.AccountFingerprintAsync(fixture, owner, account));
        Assert.Equal(0, (await ApiAssert.OkJsonAsync(await owner.GetAsync($"/api/accounts/{other}"))).GetProperty("data").GetProperty("version").GetInt32() - 1);
    }

    [Theory]
    [InlineData("short")]
    [InlineData("exactly-15-char")]
    [InlineData("has spaces in the key 123")]
    [InlineData("bad!chars_1234567890")]
    [InlineData("ünïcödé-key-1234567")]
    [InlineData("a-key-that-is-much-too-long-because-it-has-more-than-sixty-four-chars")]
    [InlineData("{6f9619ff-8b86-d011-b42d-00cf4fc964ff}-x")]
    public async Task An_invalid_key_answers_400_and_changes_nothing(string key)
    {
        var (owner, _) = await ApiSession.RegisterAsync(fixture);
        var account = await ApiSession.OpenAccountAsync(owner);
        await ApiAssert.DepositAsync(owner, account, "5");
        var before = await ApiAssert.AccountFingerprintAsync(fixture, owner, account);
        foreach (var route in new[] { "deposit", "withdraw" })
        {
            await ApiAssert.ProblemAsync(await ApiAssert.SendKeyedAsync(owner, account, route, key, new { amount = "1" }), HttpStatusCode.BadRequest, "INVALID_IDEMPOTENCY_KEY", route);
        }
        // Two keys at once are as bad as one malformed key.
        using var twice = new HttpRequestMessage(HttpMethod.Post, $"/api/accounts/{account}/deposit") { Content = JsonContent.Create(new { amount = "1" }) };
        twice.Headers.TryAddWithoutValidation("Idempotency-Key", [ApiAssert.NewIdempotencyKey(), ApiAssert.NewIdempotencyKey()]);
        await ApiAssert.ProblemAsync(await owner.SendAsync(twice), HttpStatusCode.BadRequest, "INVALID_IDEMPOTENCY_KEY");
        Assert.Equal(before, await ApiAssert.AccountFingerprintAsync(fixture, owner, account));
    }

    [Theory]
    [InlineData("0123456789abcdef")]
    [InlineData("A_b-C_d-E_f-0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN")]
    [InlineData("6f9619ff-8b86-d011-b42d-00cf4fc964ff")]
    public async Task Valid_keys_of_every_form_are_accepted(string key)
    {
        var (owner, _) = await ApiSession.RegisterAsync(fixture);
        var account = await ApiSession.OpenAccountAsync(owner);
        await ApiAssert.OkJsonAsync(await ApiAssert.SendKeyedAsync(owner, account, "deposit", key, new { amount = "1" }));
        var replay = await ApiAssert.SendKeyedAsync(owner, account, "deposit", key, new { amount = "1" });
        await ApiAssert.OkJsonAsync(replay);
        Assert.True(replay.Headers.Contains("Idempotent-Replayed"));
    }

    [Fact]
    public async Task Keys_are_per_user()
    {
        var (alice, _) = await ApiSession.RegisterAsync(fixture);
        var (bob, _) = await ApiSession.RegisterAsync(fixture);
        var aliceAccount = await ApiSession.OpenAccountAsync(alice);
        var bobAccount = await ApiSession.OpenAccountAsync(bob);
        var key = ApiAssert.NewIdempotencyKey();

        var first = (await ApiAssert.OkJsonAsync(await ApiAssert.SendKeyedAsync(alice, aliceAccount, "deposit", key, new { amount = "1" }))).GetProperty("data");
        var bobs = await ApiAssert.SendKeyedAsync(bob, bobAccount, "deposit", key, new { amount = "1" });
        var bobData = (await ApiAssert.OkJsonAsync(bobs)).GetProperty("data");
        Assert.False(bobs.Headers.Contains("Idempotent-Replayed"));
        Assert.NotEqual(first.GetProperty("uuid").GetGuid(), bobData.GetProperty("uuid").GetGuid());
        Assert.Equal(bobAccount, bobData.GetProperty("account_uuid").GetGuid());
        Assert.Equal(100, (await ApiAssert.OkJsonAsync(await bob.GetAsync($"/api/accounts/{bobAccount}"))).GetProperty("data").GetProperty("balance").GetInt64());
        Assert.Equal(2L, await CountKeyRowsAsync(key));
    }

    [Fact]
    public async Task Concurrent_duplicates_get_the_one_result_or_409_and_move_money_once()
    {
        var (owner, _) = await ApiSession.RegisterAsync(fixture);
        var account = await ApiSession.OpenAccountAsync(owner);
        await ApiAssert.DepositAsync(owner, account, "100");
        for (var round = 0; round < 3; round++)
        {
            var key = ApiAssert.NewIdempotencyKey();
            var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => ApiAssert.SendKeyedAsync(owner, account, "withdraw", key, new { amount = "7.5" })));
            var uuids = new HashSet<Guid>();
            foreach (var response in responses)
            {
                if (response.StatusCode == HttpStatusCode.Conflict)
                {
                    await ApiAssert.ProblemAsync(response, HttpStatusCode.Conflict, "IDEMPOTENCY_KEY_IN_USE");
                }
                else
                {
                    uuids.Add((await ApiAssert.OkJsonAsync(response)).GetProperty("data").GetProperty("uuid").GetGuid());
                }
            }
            Assert.Single(uuids);
            // Afterwards the key replays, whoever asks first.
            var replay = await ApiAssert.SendKeyedAsync(owner, account, "withdraw", key, new { amount = "7.5" });
            Assert.Equal(uuids.Single(), (await ApiAssert.OkJsonAsync(replay)).GetProperty("data").GetProperty("uuid").GetGuid());
            Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        }
        var data = (await ApiAssert.OkJsonAsync(await owner.GetAsync($"/api/accounts/{account}"))).GetProperty("data");
        Assert.Equal(10_000 - 3 * 750, data.GetProperty("balance").GetInt64());
        Assert.Equal(3L, await fixture.Database.ScalarAsync<long>(
            "SELECT COUNT(*) FROM stored_events WHERE aggregate_uuid = @a AND event_class = 'MoneySubtracted'", ("@a", account.ToString())));
    }

    [Fact]
    public async Task A_replay_after_the_grains_were_deactivated_and_the_operation_left_the_accounts_window_still_replays()
    {
        var (owner, ownerUuid) = await ApiSession.RegisterAsync(fixture);
        var account = await ApiSession.OpenAccountAsync(owner);
        var key = ApiAssert.NewIdempotencyKey();
        var first = (await ApiAssert.OkJsonAsync(await ApiAssert.SendKeyedAsync(owner, account, "deposit", key, new { amount = "3.21" }))).GetProperty("data");

        // Push the operation out of the account's in-memory window of recent operation ids, so only the durable
        // idempotency_keys row can still recognise the key.
        var grain = fixture.Client.GetGrain<IAccountGrain>(account);
        var caller = new Caller(ownerUuid, false);
        for (var i = 0; i < Grains.Accounts.AccountState.RecentOperationWindow + 4; i++)
        {
            Assert.Null((await grain.Deposit(new MoveMoney(caller, Guid.NewGuid(), "USD", 1, null))).Error);
        }
        await fixture.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var before = await ApiAssert.AccountFingerprintAsync(fixture, owner, account);

        var replay = await ApiAssert.SendKeyedAsync(owner, account, "deposit", key, new { amount = "3.21" });
        Assert.Equal(first.ToString(), (await ApiAssert.OkJsonAsync(replay)).GetProperty("data").ToString());
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        await ApiAssert.ProblemAsync(await ApiAssert.SendKeyedAsync(owner, account, "deposit", key, new { amount = "3.22" }), HttpStatusCode.UnprocessableEntity, "IDEMPOTENCY_KEY_REUSED");
        Assert.Equal(before, await ApiAssert.AccountFingerprintAsync(fixture, owner, account));
    }

    [Fact]
    public async Task A_request_refused_by_a_rule_does_not_consume_its_key()
    {
        var (owner, _) = await ApiSession.RegisterAsync(fixture);
        var account = await ApiSession.OpenAccountAsync(owner);
        var key = ApiAssert.NewIdempotencyKey();

        var refused = await ApiAssert.ProblemAsync(await ApiAssert.SendKeyedAsync(owner, account, "withdraw", key, new { amount = "1.00" }),
            HttpStatusCode.UnprocessableEntity, "INSUFFICIENT_FUNDS");
        Assert.Equal(0, refused.GetProperty("current_balance").GetInt64());
        Assert.Equal(0L, await CountKeyRowsAsync(key));
        // The refusal is not replayed either: the same request is evaluated again.
        await ApiAssert.ProblemAsync(await ApiAssert.SendKeyedAsync(owner, account, "withdraw", key, new { amount = "1.00" }),
            HttpStatusCode.UnprocessableEntity, "INSUFFICIENT_FUNDS");

        await ApiAssert.DepositAsync(owner, account, "2.00");
        var retried = await ApiAssert.SendKeyedAsync(owner, account, "withdraw", key, new { amount = "1.00" });
        Assert.Equal(100, (await ApiAssert.OkJsonAsync(retried)).GetProperty("data").GetProperty("balance_after").GetInt64());
        Assert.False(retried.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1L, await CountKeyRowsAsync(key));

        // A key refused on a frozen account is free again too.
        var admin = await ApiSession.AdminAsync(fixture);
        await ApiAssert.OkJsonAsync(await admin.PostAsJsonAsync($"/api/accounts/{account}/freeze", new { reason = "check" }));
        var frozenKey = ApiAssert.NewIdempotencyKey();
        await ApiAssert.ProblemAsync(await ApiAssert.SendKeyedAsync(owner, account, "deposit", frozenKey, new { amount = "1" }), HttpStatusCode.UnprocessableEntity, "ACCOUNT_FROZEN");
        await ApiAssert.OkJsonAsync(await admin.PostAsJsonAsync($"/api/accounts/{account}/unfreeze", new { reason = "ok" }));
        await ApiAssert.OkJsonAsync(await ApiAssert.SendKeyedAsync(owner, account, "deposit", frozenKey, new { amount = "1" }));
        Assert.Equal(200, (await ApiAssert.OkJsonAsync(await owner.GetAsync($"/api/accounts/{account}"))).GetProperty("data").GetProperty("balance").GetInt64());
    }

    [Fact]
    public async Task Bad_input_with_a_key_does_not_consume_it()
    {
        var (owner, _) = await ApiSession.RegisterAsync(fixture);
        var account = await ApiSession.OpenAccountAsync(owner);
        var key = ApiAssert.NewIdempotencyKey();
        await ApiAssert.ValidationAsync(await ApiAssert.SendKeyedAsync(owner, account, "deposit", key, new { amount = "0" }), "amount");
        await ApiAssert.ProblemAsync(await ApiAssert.SendKeyedAsync(owner, account, "deposit", key, new { amount = "1", asset_code = "NOPE" }), HttpStatusCode.UnprocessableEntity, "ASSET_NOT_FOUND");
        await ApiAssert.OkJsonAsync(await ApiAssert.SendKeyedAsync(owner, account, "deposit", key, new { amount = "1" }));
    }


    private Task<long> CountKeyRowsAsync(string key) =>
        fixture.Database.ScalarAsync<long>("SELECT COUNT(*) FROM idempotency_keys WHERE idempotency_key = @k", ("@k", key));
}
