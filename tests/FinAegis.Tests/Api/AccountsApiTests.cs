using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FinAegis.Tests.Infrastructure;

namespace FinAegis.Tests.Api;

/// <summary>SPEC §5 through the real API host and silos: every accounts route, its shape and its business rules.</summary>
[Collection(ClusterCollection.Name)]
public sealed class AccountsApiTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Create_answers_201_with_every_account_field()
    {
        var (client, userUuid) = await ApiSession.RegisterAsync(fixture);
        var response = await client.PostAsJsonAsync("/api/accounts", new { name = "  Savings  " });
        var data = (await ApiAssert.OkJsonAsync(response, HttpStatusCode.Created)).GetProperty("data");

        var uuid = data.GetProperty("uuid").GetGuid();
        Assert.Equal($"/api/accounts/{uuid}", response.Headers.Location?.ToString());
        Assert.Equal(userUuid, data.GetProperty("user_uuid").GetGuid());
        Assert.Equal("Savings", data.GetProperty("name").GetString());
        Assert.Equal("active", data.GetProperty("status").GetString());
        Assert.Equal(0, data.GetProperty("balance").GetInt64());
        Assert.Equal(JsonValueKind.Array, data.GetProperty("balances").ValueKind);
        Assert.Equal(1, data.GetProperty("version").GetInt32());
        var created = data.GetProperty("created_at").GetDateTimeOffset();
        Assert.InRange(created, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal(TimeSpan.Zero, created.Offset);
        Assert.Equal(created, data.GetProperty("updated_at").GetDateTimeOffset());

        var get = (await ApiAssert.OkJsonAsync(await client.GetAsync($"/api/accounts/{uuid}"))).GetProperty("data");
        Assert.Equal(data.ToString(), get.ToString());
    }

    [Fact]
    public async Task Lists_show_own_accounts_and_administrators_see_everyone()
    {
        var (alice, aliceUuid) = await ApiSession.RegisterAsync(fixture);
        var (bob, bobUuid) = await ApiSession.RegisterAsync(fixture);
        var a1 = await ApiSession.OpenAccountAsync(alice, "A1");
        var a2 = await ApiSession.OpenAccountAsync(alice, "A2");
        var b1 = await ApiSession.OpenAccountAsync(bob, "B1");
        await ApiAssert.DepositAsync(alice, a2, "5.00");

        var own = await ApiAssert.OkJsonAsync(await alice.GetAsync("/api/accounts"));
        Assert.Equal([a1, a2], own.GetProperty("data").EnumerateArray().Select(a => a.GetProperty("uuid").GetGuid()).ToList());
        Assert.Equal(JsonValueKind.Null, own.GetProperty("next_cursor").ValueKind);
        var listed = own.GetProperty("data")[1];
        Assert.Equal(500, listed.GetProperty("balance").GetInt64());
        Assert.Equal(2, listed.GetProperty("version").GetInt32());
        Assert.Equal("5.00 USD", listed.GetProperty("balances")[0].GetProperty("formatted").GetString());

        // Own uuid is allowed; anyone else's is an administrator's privilege.
        await ApiAssert.OkJsonAsync(await alice.GetAsync($"/api/accounts?user_uuid={aliceUuid}"));
        await ApiAssert.ProblemAsync(await alice.GetAsync($"/api/accounts?user_uuid={bobUuid}"), HttpStatusCode.Forbidden, "FORBIDDEN");

        var admin = await ApiSession.AdminAsync(fixture);
        var bobs = await ApiAssert.OkJsonAsync(await admin.GetAsync($"/api/accounts?user_uuid={bobUuid}"));
        Assert.Equal([b1], bobs.GetProperty("data").EnumerateArray().Select(a => a.GetProperty("uuid").GetGuid()).ToList());

        // Without a filter an administrator walks every account in the cluster, each once.
        var seen = await WalkAsync(admin, "/api/accounts?limit=2");
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Contains(a1, seen);
        Assert.Contains(a2, seen);
        Assert.Contains(b1, seen);
    }

    [Fact]
    public async Task Administrators_open_accounts_for_users_and_users_cannot()
    {
        var (alice, aliceUuid) = await ApiSession.RegisterAsync(fixture);
        var (_, bobUuid) = await ApiSession.RegisterAsync(fixture);
        var admin = await ApiSession.AdminAsync(fixture);

        var forBob = (await ApiAssert.OkJsonAsync(await admin.PostAsJsonAsync("/api/accounts", new { name = "Opened for Bob", user_uuid = bobUuid }),
            HttpStatusCode.Created)).GetProperty("data");
        Assert.Equal(bobUuid, forBob.GetProperty("user_uuid").GetGuid());

        await ApiAssert.ProblemAsync(await alice.PostAsJsonAsync("/api/accounts", new { name = "Not mine", user_uuid = bobUuid }),
            HttpStatusCode.Forbidden, "FORBIDDEN");
        var own = await alice.PostAsJsonAsync("/api/accounts", new { name = "Mine", user_uuid = aliceUuid });
        Assert.Equal(aliceUuid, (await ApiAssert.OkJsonAsync(own, HttpStatusCode.Created)).GetProperty("data").GetProperty("user_uuid").GetGuid());
        Assert.Equal(0L, await fixture.Database.ScalarAsync<long>("SELECT COUNT(*) FROM accounts WHERE name = 'Not mine'"));

        // An account for a user who does not exist would belong to nobody.
        await ApiAssert.ValidationAsync(await admin.PostAsJsonAsync("/api/accounts", new { name = "Orphan", user_uuid = Guid.NewGuid() }), "user_uuid");
        Assert.Equal(0L, await fixture.Database.ScalarAsync<long>("SELECT COUNT(*) FROM accounts WHERE name = 'Orphan'"));
    }

    [Fact]
    public async Task Deposit_and_withdraw_answer_the_transaction()
    {
        var (client, _) = await ApiSession.RegisterAsync(fixture);
        var account = await ApiSession.OpenAccountAsync(client);

        var deposit = await ApiAssert.DepositAsync(client, account, "100.5");
        Assert.True(Guid.TryParse(deposit.GetProperty("uuid").GetString(), out _));
        Assert.Equal(account, deposit.GetProperty("account_uuid").GetGuid());
        Assert.Equal("deposit", deposit.GetProperty("type").GetString());
        Assert.Equal("USD", deposit.GetProperty("asset_code").GetString());
        Assert.Equal(10_050, deposit.GetProperty("amount").GetInt64());
        Assert.Equal(10_050, deposit.GetProperty("balance_after").GetInt64());
        Assert.Equal("100.50 USD", deposit.GetProperty("formatted").GetString());
        Assert.Equal(JsonValueKind.Null, deposit.GetProperty("description").ValueKind);
        Assert.Equal(JsonValueKind.Null, deposit.GetProperty("transfer_uuid").ValueKind);
        Assert.InRange(deposit.GetProperty("created_at").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));

        var withdrawal = (await ApiAssert.OkJsonAsync(await client.PostAsJsonAsync($"/api/accounts/{account}/withdraw",
            new { amount = 0.5, description = "coffee" }))).GetProperty("data");
        Assert.Equal("withdrawal", withdrawal.GetProperty("type").GetString());
        Assert.Equal(50, withdrawal.GetProperty("amount").GetInt64());
        Assert.Equal(10_000, withdrawal.GetProperty("balance_after").GetInt64());
        Assert.Equal("coffee", withdrawal.GetProperty("description").GetString());

        var btc = await ApiAssert.DepositAsync(client, account, "0.00000001", "BTC");
        Assert.Equal(1, btc.GetProperty("amount").GetInt64());
        Assert.Equal("0.00000001 BTC", btc.GetProperty("formatted").GetString());

        var overdraw = await client.PostAsJsonAsync($"/api/accounts/{account}/withdraw", new { amount = "100.01" });
        var problem = await ApiAssert.ProblemAsync(overdraw, HttpStatusCode.UnprocessableEntity, "INSUFFICIENT_FUNDS");
        Assert.Equal(10_000, problem.GetProperty("current_balance").GetInt64());
        Assert.Equal(10_001, problem.GetProperty("requested_amount").GetInt64());

        var data = (await ApiAssert.OkJsonAsync(await client.GetAsync($"/api/accounts/{account}"))).GetProperty("data");
        Assert.Equal(10_000, data.GetProperty("balance").GetInt64());
        Assert.Equal(4, data.GetProperty("version").GetInt32());
        Assert.Equal(["BTC", "USD"], data.GetProperty("balances").EnumerateArray().Select(b => b.GetProperty("asset_code").GetString()!).ToList());

        // Exactly the whole balance may leave.
        await ApiAssert.OkJsonAsync(await client.PostAsJsonAsync($"/api/accounts/{account}/withdraw", new { amount = "100" }));
        Assert.Equal(0, (await ApiAssert.OkJsonAsync(await client.GetAsync($"/api/accounts/{account}"))).GetProperty("data").GetProperty("balance").GetInt64());
    }

    [Fact]
    public async Task Freeze_and_unfreeze_are_for_administrators_and_a_frozen_account_moves_no_money()
    {
        var (owner, _) = await ApiSession.RegisterAsync(fixture);
        var account = await ApiSession.OpenAccountAsync(owner);
        await ApiAssert.DepositAsync(owner, account, "10.00");
        var admin = await ApiSession.AdminAsync(fixture);

        var frozen = (await ApiAssert.OkJsonAsync(await admin.PostAsJsonAsync($"/api/accounts/{account}/freeze", new { reason = "KYC review" })))
            .GetProperty("data");
        Assert.Equal("frozen", frozen.GetProperty("status").GetString());
        Assert.Equal(3, frozen.GetProperty("version").GetInt32());

        await ApiAssert.ProblemAsync(await admin.PostAsJsonAsync($"/api/accounts/{account}/freeze", new { reason = "again" }),
            HttpStatusCode.UnprocessableEntity, "ACCOUNT_ALREADY_FROZEN");
        var before = await ApiAssert.AccountFingerprintAsync(fixture, owner, account);
        await ApiAssert.ProblemAsync(await owner.PostAsJsonAsync($"/api/accounts/{account}/deposit", new { amount = "1.00" }),
            HttpStatusCode.UnprocessableEntity, "ACCOUNT_FROZEN");
        await ApiAssert.ProblemAsync(await owner.PostAsJsonAsync($"/api/accounts/{account}/withdraw", new { amount = "1.00" }),
            HttpStatusCode.UnprocessableEntity, "ACCOUNT_FROZEN");
        await ApiAssert.ProblemAsync(await admin.PostAsJsonAsync($"/api/accounts/{account}/deposit", new { amount = "1.00" }),
            HttpStatusCode.UnprocessableEntity, "ACCOUNT_FROZEN");
        await ApiAssert.ProblemAsync(await owner.DeleteAsync($"/api/accounts/{account}"), HttpStatusCode.UnprocessableEntity, "ACCOUNT_FROZEN");
        Assert.Equal(before, await ApiAssert.AccountFingerprintAsync(fixture, owner, account));
        // The owner still reads it.
        Assert.Equal("frozen", (await ApiAssert.OkJsonAsync(await owner.GetAsync($"/api/accounts/{account}"))).GetProperty("data").GetProperty("status").GetString());

        await ApiAssert.ValidationAsync(await admin.PostAsJsonAsync($"/api/accounts/{account}/unfreeze", new { }), "reason");
        await ApiAssert.ValidationAsync(await admin.PostAsJsonAsync($"/api/accounts/{account}/unfreeze", new { reason = "   " }), "reason");
        var active = (await ApiAssert.OkJsonAsync(await admin.PostAsJsonAsync($"/api/accounts/{account}/unfreeze", new { reason = "cleared" })))
            .GetProperty("data");
        Assert.Equal("active", active.GetProperty("status").GetString());
        await ApiAssert.ProblemAsync(await admin.PostAsJsonAsync($"/api/accounts/{account}/unfreeze", new { reason = "again" }),
            HttpStatusCode.UnprocessableEntity, "ACCOUNT_NOT_FROZEN");
        await ApiAssert.DepositAsync(owner, account, "1.00");

        var events = await ApiAssert.OkJsonAsync(await owner.GetAsync($"/api/accounts/{account}/events"));
        Assert.Equal(["AccountCreated", "MoneyAdded", "AccountFrozen", "AccountUnfrozen", "MoneyAdded"],
            events.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("event_class").GetString()!).ToList());
    }

    [Fact]
    public async Task Close_needs_zero_balances_and_a_closed_account_refuses_everything()
    {
        var (owner, _) = await ApiSession.RegisterAsync(fixture);
        var account = await ApiSession.OpenAccountAsync(owner);
        await ApiAssert.DepositAsync(owner, account, "3.00");
        await ApiAssert.DepositAsync(owner, account, "0.5", "ETH");

        var refused = await ApiAssert.ProblemAsync(await owner.DeleteAsync($"/api/accounts/{account}"), HttpStatusCode.UnprocessableEntity, "ACCOUNT_HAS_BALANCE");
        Assert.Equal(300, refused.GetProperty("balance_usd").GetInt64());
        await ApiAssert.OkJsonAsync(await owner.PostAsJsonAsync($"/api/accounts/{account}/withdraw", new { amount = "3" }));
        await ApiAssert.ProblemAsync(await owner.DeleteAsync($"/api/accounts/{account}"), HttpStatusCode.UnprocessableEntity, "ACCOUNT_HAS_BALANCE");
        await ApiAssert.OkJsonAsync(await owner.PostAsJsonAsync($"/api/accounts/{account}/withdraw", new { amount = "0.5", asset_code = "ETH" }));

        var closed = (await ApiAssert.OkJsonAsync(await owner.DeleteAsync($"/api/accounts/{account}"))).GetProperty("data");
        Assert.Equal("closed", closed.GetProperty("status").GetString());

        var before = await ApiAssert.AccountFingerprintAsync(fixture, owner, account);
        var admin = await ApiSession.AdminAsync(fixture);
        await ApiAssert.ProblemAsync(await owner.PostAsJsonAsync($"/api/accounts/{account}/deposit", new { amount = "1" }), HttpStatusCode.UnprocessableEntity, "ACCOUNT_CLOSED");
        await ApiAssert.ProblemAsync(await owner.PostAsJsonAsync($"/api/accounts/{account}/withdraw", new { amount = "1" }), HttpStatusCode.UnprocessableEntity, "ACCOUNT_CLOSED");
        await ApiAssert.ProblemAsync(await owner.DeleteAsync($"/api/accounts/{account}"), HttpStatusCode.UnprocessableEntity, "ACCOUNT_CLOSED");
        await ApiAssert.ProblemAsync(await admin.PostAsJsonAsync($"/api/accounts/{account}/freeze", new { reason = "x" }), HttpStatusCode.UnprocessableEntity, "ACCOUNT_CLOSED");
        await ApiAssert.ProblemAsync(await admin.PostAsJsonAsync($"/api/accounts/{account}/unfreeze", new { reason = "x" }), HttpStatusCode.UnprocessableEntity, "ACCOUNT_CLOSED");
        Assert.Equal(before, await ApiAssert.AccountFingerprintAsync(fixture, owner, account));
        Assert.Equal("closed", await fixture.Database.ScalarAsync<string>("SELECT status FROM accounts WHERE uuid = @a", ("@a", account.ToString())));
    }

    [Fact]
    public async Task An_administrator_may_close_a_users_account()
    {
        var (owner, _) = await ApiSession.RegisterAsync(fixture);
        var account = await ApiSession.OpenAccountAsync(owner);
        var admin = await ApiSession.AdminAsync(fixture);
        Assert.Equal("closed", (await ApiAssert.OkJsonAsync(await admin.DeleteAsync($"/api/accounts/{account}"))).GetProperty("data").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Balances_carry_the_asset_and_a_summary()
    {
        var (owner, _) = await ApiSession.RegisterAsync(fixture);
        var account = await ApiSession.OpenAccountAsync(owner);
        var empty = (await ApiAssert.OkJsonAsync(await owner.GetAsync($"/api/accounts/{account}/balances"))).GetProperty("data");
        Assert.Equal(0, empty.GetProperty("balances").GetArrayLength());
        Assert.Equal(0, empty.GetProperty("summary").GetProperty("total_assets").GetInt32());

        await ApiAssert.DepositAsync(owner, account, "12.34");
        await ApiAssert.DepositAsync(owner, account, "1.5", "XAU");
        var data = (await ApiAssert.OkJsonAsync(await owner.GetAsync($"/api/accounts/{account}/balances"))).GetProperty("data");
        Assert.Equal(account, data.GetProperty("account_uuid").GetGuid());
        var byCode = data.GetProperty("balances").EnumerateArray().ToDictionary(b => b.GetProperty("asset_code").GetString()!);
        Assert.Equal(1234, byCode["USD"].GetProperty("balance").GetInt64());
        Assert.Equal("12.34 USD", byCode["USD"].GetProperty("formatted").GetString());
        var usd = byCode["USD"].GetProperty("asset");
        Assert.Equal(("USD", "fiat", 2), (usd.GetProperty("code").GetString(), usd.GetProperty("type").GetString(), usd.GetProperty("precision").GetInt32()));
        Assert.False(string.IsNullOrEmpty(usd.GetProperty("name").GetString()));
        Assert.Equal(15_000, byCode["XAU"].GetProperty("balance").GetInt64());
        Assert.Equal("1.5000 XAU", byCode["XAU"].GetProperty("formatted").GetString());
        Assert.Equal(("commodity", 4), (byCode["XAU"].GetProperty("asset").GetProperty("type").GetString(), byCode["XAU"].GetProperty("asset").GetProperty("precision").GetInt32()));
        Assert.Equal(2, data.GetProperty("summary").GetProperty("total_assets").GetInt32());
        Assert.True(data.GetProperty("summary").GetProperty("total_usd_equivalent").GetInt64() >= 1234);
    }

    [Fact]
    public async Task Transactions_are_newest_first_filterable_and_paged_once_each()
    {
        var (owner, _) = await ApiSession.RegisterAsync(fixture);
        var account = await ApiSession.OpenAccountAsync(owner);
        var expected = new List<Guid>();
        for (var i = 1; i <= 7; i++)
        {
            expected.Add((await ApiAssert.DepositAsync(owner, account, i.ToString(CultureInfo.InvariantCulture))).GetProperty("uuid").GetGuid());
        }
        expected.Add((await ApiAssert.DepositAsync(owner, account, "0.1", "BTC")).GetProperty("uuid").GetGuid());
        var withdrawal = (await ApiAssert.OkJsonAsync(await owner.PostAsJsonAsync($"/api/accounts/{account}/withdraw", new { amount = "2" })))
            .GetProperty("data").GetProperty("uuid").GetGuid();
        expected.Add(withdrawal);
        expected.Reverse();

        var all = await ApiAssert.OkJsonAsync(await owner.GetAsync($"/api/accounts/{account}/transactions"));
        Assert.Equal(expected, all.GetProperty("data").EnumerateArray().Select(t => t.GetProperty("uuid").GetGuid()).ToList());
        Assert.Equal(JsonValueKind.Null, all.GetProperty("next_cursor").ValueKind);
        var first = all.GetProperty("data")[0];
        Assert.Equal(("withdrawal", 200, 2600), (first.GetProperty("type").GetString(), first.GetProperty("amount").GetInt64(), first.GetProperty("balance_after").GetInt64()));
        Assert.Equal("2.00 USD", first.GetProperty("formatted").GetString());

        Assert.Equal(expected, await WalkAsync(owner, $"/api/accounts/{account}/transactions?limit=2"));
        Assert.Equal(expected, await WalkAsync(owner, $"/api/accounts/{account}/transactions?limit=1"));

        var withdrawals = await ApiAssert.OkJsonAsync(await owner.GetAsync($"/api/accounts/{account}/transactions?type=withdrawal"));
        Assert.Equal([withdrawal], withdrawals.GetProperty("data").EnumerateArray().Select(t => t.GetProperty("uuid").GetGuid()).ToList());
        var deposits = await ApiAssert.OkJsonAsync(await owner.GetAsync($"/api/accounts/{account}/transactions?type=deposit&limit=100"));
        Assert.Equal(8, deposits.GetProperty("data").GetArrayLength());
        var btc = await ApiAssert.OkJsonAsync(await owner.GetAsync($"/api/accounts/{account}/transactions?asset_code=BTC"));
        var only = Assert.Single(btc.GetProperty("data").EnumerateArray());
        Assert.Equal(("BTC", 10_000_000, "0.10000000 BTC"), (only.GetProperty("asset_code").GetString(), only.GetProperty("amount").GetInt64(), only.GetProperty("formatted").GetString()));
        var none = await ApiAssert.OkJsonAsync(await owner.GetAsync($"/api/accounts/{account}/transactions?type=transfer_in"));
        Assert.Equal(0, none.GetProperty("data").GetArrayLength());
        Assert.Equal(7, (await WalkAsync(owner, $"/api/accounts/{account}/transactions?asset_code=USD&type=deposit&limit=3")).Count);
    }

    [Fact]
    public async Task Turnovers_sum_debits_and_credits_per_asset_and_day()
    {
        var (owner, _) = await ApiSession.RegisterAsync(fixture);
        var account = await ApiSession.OpenAccountAsync(owner);
        await ApiAssert.DepositAsync(owner, account, "10");
        await ApiAssert.DepositAsync(owner, account, "5.5");
        await ApiAssert.OkJsonAsync(await owner.PostAsJsonAsync($"/api/accounts/{account}/withdraw", new { amount = "3.25" }));
        await ApiAssert.DepositAsync(owner, account, "0.002", "ETH");

        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var rows = (await ApiAssert.OkJsonAsync(await owner.GetAsync($"/api/accounts/{account}/turnovers"))).GetProperty("data");
        var byAsset = rows.EnumerateArray().ToDictionary(r => r.GetProperty("asset_code").GetString()!);
        Assert.Equal(2, byAsset.Count);
        Assert.Equal((today, 325L, 1550L), (byAsset["USD"].GetProperty("period").GetString(), byAsset["USD"].GetProperty("debit").GetInt64(),
            byAsset["USD"].GetProperty("credit").GetInt64()));
        Assert.Equal((0L, 200_000L), (byAsset["ETH"].GetProperty("debit").GetInt64(), byAsset["ETH"].GetProperty("credit").GetInt64()));

        Assert.Equal(2, (await ApiAssert.OkJsonAsync(await owner.GetAsync($"/api/accounts/{account}/turnovers?from={today}&to={today}")))
            .GetProperty("data").GetArrayLength());
        var tomorrow = DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var yesterday = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.Equal(0, (await ApiAssert.OkJsonAsync(await owner.GetAsync($"/api/accounts/{account}/turnovers?from={tomorrow}"))).GetProperty("data").GetArrayLength());
        Assert.Equal(0, (await ApiAssert.OkJsonAsync(await owner.GetAsync($"/api/accounts/{account}/turnovers?to={yesterday}"))).GetProperty("data").GetArrayLength());
        Assert.Equal(2, (await ApiAssert.OkJsonAsync(await owner.GetAsync($"/api/accounts/{account}/turnovers?from=0001-01-01&to=9999-12-31")))
            .GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task Events_are_the_raw_stream_for_the_owner_or_an_administrator()
    {
        var (owner, ownerUuid) = await ApiSession.RegisterAsync(fixture);
        var (stranger, _) = await ApiSession.RegisterAsync(fixture);
        var account = await ApiSession.OpenAccountAsync(owner, "Evented");
        await ApiAssert.DepositAsync(owner, account, "2.00");

        var events = (await ApiAssert.OkJsonAsync(await owner.GetAsync($"/api/accounts/{account}/events"))).GetProperty("data");
        Assert.Equal(2, events.GetArrayLength());
        Assert.Equal(1, events[0].GetProperty("aggregate_version").GetInt32());
        Assert.Equal("AccountCreated", events[0].GetProperty("event_class").GetString());
        Assert.Equal(ownerUuid, events[0].GetProperty("event_properties").GetProperty("user_uuid").GetGuid());
        Assert.Equal("MoneyAdded", events[1].GetProperty("event_class").GetString());
        Assert.Equal(200, events[1].GetProperty("event_properties").GetProperty("amount").GetInt64());
        Assert.Equal(2, events[1].GetProperty("aggregate_version").GetInt32());
        events[1].GetProperty("created_at").GetDateTimeOffset();

        var admin = await ApiSession.AdminAsync(fixture);
        Assert.Equal(2, (await ApiAssert.OkJsonAsync(await admin.GetAsync($"/api/accounts/{account}/events"))).GetProperty("data").GetArrayLength());
        await ApiAssert.ProblemAsync(await stranger.GetAsync($"/api/accounts/{account}/events"), HttpStatusCode.Forbidden, "FORBIDDEN");

        for (var i = 0; i < 3; i++)
        {
            await ApiAssert.DepositAsync(owner, account, "1");
        }
        var versions = new List<int>();
        string? cursor = null;
        do
        {
            var page = await ApiAssert.OkJsonAsync(await owner.GetAsync($"/api/accounts/{account}/events?limit=2" + (cursor is null ? "" : $"&cursor={cursor}")));
            versions.AddRange(page.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("aggregate_version").GetInt32()));
            cursor = page.GetProperty("next_cursor").GetString();
        }
        while (cursor is not null);
        Assert.Equal([1, 2, 3, 4, 5], versions);
    }

    [Fact]
    public async Task Other_users_accounts_answer_403_on_every_route()
    {
        var (owner, _) = await ApiSession.RegisterAsync(fixture);
        var (stranger, _) = await ApiSession.RegisterAsync(fixture);
        var account = await ApiSession.OpenAccountAsync(owner);
        await ApiAssert.DepositAsync(owner, account, "10.00");
        var before = await ApiAssert.AccountFingerprintAsync(fixture, owner, account);

        var attempts = new (string Name, Func<Task<HttpResponseMessage>> Send)[]
        {
            ("get", () => stranger.GetAsync($"/api/accounts/{account}")),
            ("deposit", () => stranger.PostAsJsonAsync($"/api/accounts/{account}/deposit", new { amount = "1" })),
            ("withdraw", () => stranger.PostAsJsonAsync($"/api/accounts/{account}/withdraw", new { amount = "1" })),
            ("close", () => stranger.DeleteAsync($"/api/accounts/{account}")),
            ("balances", () => stranger.GetAsync($"/api/accounts/{account}/balances")),
            ("transactions", () => stranger.GetAsync($"/api/accounts/{account}/transactions")),
            ("turnovers", () => stranger.GetAsync($"/api/accounts/{account}/turnovers")),
            ("events", () => stranger.GetAsync($"/api/accounts/{account}/events")),
        };
        foreach (var (name, send) in attempts)
        {
            await ApiAssert.ProblemAsync(await send(), HttpStatusCode.Forbidden, "FORBIDDEN", name);
        }
        Assert.Equal(before, await ApiAssert.AccountFingerprintAsync(fixture, owner, account));
    }

    /// <summary>Follows next_cursor to the end and returns every item's uuid in order.</summary>
    private static async Task<List<Guid>> WalkAsync(HttpClient client, string path)
    {
        var uuids = new List<Guid>();
        string? cursor = null;
        for (var pages = 0; pages < 10_000; pages++)
        {
            var page = await ApiAssert.OkJsonAsync(await client.GetAsync(path + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}")));
            uuids.AddRange(page.GetProperty("data").EnumerateArray().Select(item => item.GetProperty("uuid").GetGuid()));
            cursor = page.GetProperty("next_cursor").GetString();
            if (cursor is null)
            {
                return uuids;
            }
        }
        throw new InvalidOperationException("The cursor never ended.");
    }
}
