using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FinAegis.Tests.Api;
using FinAegis.Tests.Infrastructure;

namespace FinAegis.Tests.Transfers;

[Collection(ClusterCollection.Name)]
public sealed class TransfersApiTests(ClusterFixture fixture)
{
    private static async Task DepositAsync(HttpClient client, Guid account, string amount)
    {
        var response = await client.PostAsJsonAsync($"/api/accounts/{account}/deposit", new { amount, asset_code = "USD" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<long> BalanceAsync(HttpClient client, Guid account) =>
        (await ApiSession.ReadJsonAsync(await client.GetAsync($"/api/accounts/{account}"))).GetProperty("data").GetProperty("balance").GetInt64();

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await ApiSession.ReadJsonAsync(response);
        Assert.True(status == response.StatusCode, $"{response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_write_its_replay_and_later_reads_show_the_same_instants()
    {
        // The database keeps microseconds: an answer with finer times would differ from every later read of it.
        var (alice, _) = await ApiSession.RegisterAsync(fixture);
        var from = await ApiSession.OpenAccountAsync(alice);
        var to = await ApiSession.OpenAccountAsync(alice, "Savings");
        var depositKey = Guid.NewGuid().ToString();
        var deposited = await SendKeyedAsync(alice, $"/api/accounts/{from}/deposit", new { amount = "5.00" }, depositKey);
        var transferKey = Guid.NewGuid().ToString();
        var transferBody = new { from_account_uuid = from, to_account_uuid = to, amount = "1.00" };
        var transferred = await SendKeyedAsync(alice, "/api/transfers", transferBody, transferKey);

        Assert.Equal(deposited, await SendKeyedAsync(alice, $"/api/accounts/{from}/deposit", new { amount = "5.00" }, depositKey));
        Assert.Equal(transferred, await SendKeyedAsync(alice, "/api/transfers", transferBody, transferKey));
        var transfer = JsonDocument.Parse(transferred).RootElement.GetProperty("data");
        var read = (await ApiSession.ReadJsonAsync(await alice.GetAsync($"/api/transfers/{transfer.GetProperty("uuid").GetGuid()}"))).GetProperty("data");
        foreach (var field in new[] { "created_at", "completed_at" })
        {
            Assert.Equal(transfer.GetProperty(field).GetDateTimeOffset(), read.GetProperty(field).GetDateTimeOffset());
            Assert.Equal(0, transfer.GetProperty(field).GetDateTimeOffset().UtcTicks % 10);
        }
        var deposit = JsonDocument.Parse(deposited).RootElement.GetProperty("data");
        var history = (await ApiSession.ReadJsonAsync(await alice.GetAsync($"/api/accounts/{from}/transactions"))).GetProperty("data");
        var listed = history.EnumerateArray().Single(t => t.GetProperty("uuid").GetGuid() == deposit.GetProperty("uuid").GetGuid());
        Assert.Equal(deposit.GetProperty("created_at").GetDateTimeOffset(), listed.GetProperty("created_at").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_keyed_transfer_whose_destination_call_is_rejected_frees_its_key()
    {
        // The rejection of the grain's nested call reaches the API as a rejection of its own call, which it re-sends;
        // the re-sent call must not find the key still claimed by the first (a 409 for a key sent once).
        var (alice, _) = await ApiSession.RegisterAsync(fixture);
        var from = await ApiSession.OpenAccountAsync(alice);
        var to = await ApiSession.OpenAccountAsync(alice, "Savings");
        await DepositAsync(alice, from, "5.00");
        var key = Guid.NewGuid().ToString();
        var body = new { from_account_uuid = from, to_account_uuid = to, amount = "1.00" };

        using (UnreachableAccounts.Make(to))
        {
            await AssertProblemAsync(await ApiAssert.SendKeyedAsync(alice, "/api/transfers", key, body), HttpStatusCode.ServiceUnavailable, "UNAVAILABLE");
        }
        Assert.Equal(500, await BalanceAsync(alice, from));

        // Reachable again: the same key now runs the transfer, once.
        var transferred = JsonDocument.Parse(await SendKeyedAsync(alice, "/api/transfers", body, key)).RootElement.GetProperty("data");
        Assert.Equal("completed", transferred.GetProperty("status").GetString());
        Assert.Equal(400, await BalanceAsync(alice, from));
        Assert.Equal(100, await BalanceAsync(alice, to));
    }

    /// <summary>A keyed POST that must succeed; its body as sent, for byte-for-byte comparison with a replay.</summary>
    private static async Task<string> SendKeyedAsync(HttpClient client, string path, object body, string key)
    {
        var response = await ApiAssert.SendKeyedAsync(client, path, key, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return text;
    }

    [Fact]
    public async Task A_transfer_moves_money_and_both_sides_see_it()
    {
        var (alice, _) = await ApiSession.RegisterAsync(fixture);
        var (bob, _) = await ApiSession.RegisterAsync(fixture);
        var from = await ApiSession.OpenAccountAsync(alice);
        var to = await ApiSession.OpenAccountAsync(bob);
        await DepositAsync(alice, from, "50.00");

        var response = await alice.PostAsJsonAsync("/api/transfers", new
        {
            from_account_uuid = from, to_account_uuid = to, amount = "20.25", asset_code = "USD", reference = "INV-1", description = "rent",
        });
        var body = await ApiSession.ReadJsonAsync(response);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var transfer = body.GetProperty("data");
        Assert.Equal("completed", transfer.GetProperty("status").GetString());
        Assert.Equal(2_025, transfer.GetProperty("amount").GetInt64());
        Assert.Equal("INV-1", transfer.GetProperty("reference").GetString());
        var uuid = transfer.GetProperty("uuid").GetGuid();

        Assert.Equal(2_975, await BalanceAsync(alice, from));
        Assert.Equal(2_025, await BalanceAsync(bob, to));
        foreach (var client in new[] { alice, bob })
        {
            var seen = await client.GetAsync($"/api/transfers/{uuid}");
            Assert.Equal(HttpStatusCode.OK, seen.StatusCode);
        }
        var (eve, _) = await ApiSession.RegisterAsync(fixture);
        await AssertProblemAsync(await eve.GetAsync($"/api/transfers/{uuid}"), HttpStatusCode.Forbidden, "FORBIDDEN");
        await AssertProblemAsync(await eve.GetAsync($"/api/transfers/{Guid.NewGuid()}"), HttpStatusCode.NotFound, "NOT_FOUND");

        var outHistory = await ApiSession.ReadJsonAsync(await alice.GetAsync($"/api/accounts/{from}/transactions?type=transfer_out"));
        Assert.Equal(uuid, outHistory.GetProperty("data")[0].GetProperty("transfer_uuid").GetGuid());
        var inHistory = await ApiSession.ReadJsonAsync(await bob.GetAsync($"/api/accounts/{to}/transactions?type=transfer_in"));
        Assert.Equal(uuid, inHistory.GetProperty("data")[0].GetProperty("transfer_uuid").GetGuid());
        var listed = await ApiSession.ReadJsonAsync(await bob.GetAsync($"/api/accounts/{to}/transfers"));
        Assert.Equal(uuid, listed.GetProperty("data")[0].GetProperty("uuid").GetGuid());
        var turnovers = await ApiSession.ReadJsonAsync(await alice.GetAsync($"/api/accounts/{from}/turnovers"));
        Assert.Equal(2_025, turnovers.GetProperty("data")[0].GetProperty("debit").GetInt64());
        var credits = await ApiSession.ReadJsonAsync(await bob.GetAsync($"/api/accounts/{to}/turnovers"));
        Assert.Equal(2_025, credits.GetProperty("data")[0].GetProperty("credit").GetInt64());
    }

    [Fact]
    public async Task Rule_breaking_transfers_are_refused_before_money_moves()
    {
        var (alice, _) = await ApiSession.RegisterAsync(fixture);
        var (bob, _) = await ApiSession.RegisterAsync(fixture);
        var admin = await ApiSession.AdminAsync(fixture);
        var from = await ApiSession.OpenAccountAsync(alice);
        var to = await ApiSession.OpenAccountAsync(bob);
        var bobs = await ApiSession.OpenAccountAsync(bob);
        await DepositAsync(alice, from, "10.00");
        await DepositAsync(bob, bobs, "1.00");

        object Body(object to, string amount = "1.00", string asset = "USD") => new { from_account_uuid = from, to_account_uuid = to, amount, asset_code = asset };
        await AssertProblemAsync(await alice.PostAsJsonAsync("/api/transfers", Body(to, "10.01")), HttpStatusCode.UnprocessableEntity, "INSUFFICIENT_FUNDS");
        await AssertProblemAsync(await alice.PostAsJsonAsync("/api/transfers", Body(from)), HttpStatusCode.UnprocessableEntity, "SAME_ACCOUNT");
        await AssertProblemAsync(await alice.PostAsJsonAsync("/api/transfers", Body(Guid.NewGuid())), HttpStatusCode.UnprocessableEntity, "DESTINATION_ACCOUNT_NOT_FOUND");
        await AssertProblemAsync(await alice.PostAsJsonAsync("/api/transfers", Body(to, asset: "NOPE")), HttpStatusCode.UnprocessableEntity, "ASSET_NOT_FOUND");
        await AssertProblemAsync(await alice.PostAsJsonAsync("/api/transfers", Body(to, "0")), HttpStatusCode.UnprocessableEntity, "VALIDATION_FAILED");
        await AssertProblemAsync(await alice.PostAsJsonAsync("/api/transfers", Body(to, "-1")), HttpStatusCode.UnprocessableEntity, "VALIDATION_FAILED");
        await AssertProblemAsync(await alice.PostAsJsonAsync("/api/transfers", Body(to, "0.001")), HttpStatusCode.UnprocessableEntity, "VALIDATION_FAILED");
        await AssertProblemAsync(await alice.PostAsJsonAsync("/api/transfers", Body(to, "90071992547409.92")), HttpStatusCode.UnprocessableEntity, "VALIDATION_FAILED");
        await AssertProblemAsync(await alice.PostAsync("/api/transfers", ApiSession.Json("{\"from_account_uuid\":")), HttpStatusCode.BadRequest, "INVALID_JSON");
        await AssertProblemAsync(await alice.PostAsync("/api/transfers", ApiSession.Json("{\"amount\":{}}")), HttpStatusCode.BadRequest, "INVALID_JSON");
        await AssertProblemAsync(await alice.PostAsJsonAsync("/api/transfers", new { from_account_uuid = "x", to_account_uuid = to, amount = "1" }),
            HttpStatusCode.UnprocessableEntity, "VALIDATION_FAILED");
        // Not the owner of the source.
        await AssertProblemAsync(await bob.PostAsJsonAsync("/api/transfers", Body(to)), HttpStatusCode.Forbidden, "FORBIDDEN");

        await admin.PostAsJsonAsync($"/api/accounts/{to}/freeze", new { reason = "check" });
        await AssertProblemAsync(await alice.PostAsJsonAsync("/api/transfers", Body(to)), HttpStatusCode.UnprocessableEntity, "DESTINATION_ACCOUNT_FROZEN");
        await admin.PostAsJsonAsync($"/api/accounts/{from}/freeze", new { reason = "check" });
        await AssertProblemAsync(await alice.PostAsJsonAsync("/api/transfers", Body(bobs)), HttpStatusCode.UnprocessableEntity, "SOURCE_ACCOUNT_FROZEN");
        await admin.PostAsJsonAsync($"/api/accounts/{from}/unfreeze", new { reason = "ok" });
        await bob.PostAsJsonAsync($"/api/accounts/{bobs}/withdraw", new { amount = "1.00" });
        Assert.Equal(HttpStatusCode.OK, (await bob.DeleteAsync($"/api/accounts/{bobs}")).StatusCode);
        await AssertProblemAsync(await alice.PostAsJsonAsync("/api/transfers", Body(bobs)), HttpStatusCode.UnprocessableEntity, "DESTINATION_ACCOUNT_CLOSED");

        Assert.Equal(1_000, await BalanceAsync(alice, from));
        var listed = await ApiSession.ReadJsonAsync(await alice.GetAsync($"/api/accounts/{from}/transfers"));
        Assert.Equal(0, listed.GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task Idempotency_keys_make_a_transfer_exactly_once()
    {
        var (alice, _) = await ApiSession.RegisterAsync(fixture);
        var (bob, _) = await ApiSession.RegisterAsync(fixture);
        var from = await ApiSession.OpenAccountAsync(alice);
        var to = await ApiSession.OpenAccountAsync(bob);
        await DepositAsync(alice, from, "100.00");
        var key = Guid.NewGuid().ToString();

        async Task<HttpResponseMessage> SendAsync(string amount)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/transfers")
            {
                Content = JsonContent.Create(new { from_account_uuid = from, to_account_uuid = to, amount, asset_code = "USD" }),
            };
            request.Headers.Add("Idempotency-Key", key);
            return await alice.SendAsync(request);
        }

        var first = await SendAsync("30.00");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var uuid = (await ApiSession.ReadJsonAsync(first)).GetProperty("data").GetProperty("uuid").GetGuid();
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => SendAsync("30.00")));
        foreach (var replay in concurrent)
        {
            Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
            Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
            var data = (await ApiSession.ReadJsonAsync(replay)).GetProperty("data");
            Assert.Equal(uuid, data.GetProperty("uuid").GetGuid());
            Assert.Equal("completed", data.GetProperty("status").GetString());
        }
        await AssertProblemAsync(await SendAsync("31.00"), HttpStatusCode.UnprocessableEntity, "IDEMPOTENCY_KEY_REUSED");
        Assert.Equal(7_000, await BalanceAsync(alice, from));
        Assert.Equal(3_000, await BalanceAsync(bob, to));

        // Without a key every request is a new transfer.
        await alice.PostAsJsonAsync("/api/transfers", new { from_account_uuid = from, to_account_uuid = to, amount = "1.00" });
        await alice.PostAsJsonAsync("/api/transfers", new { from_account_uuid = from, to_account_uuid = to, amount = "1.00" });
        Assert.Equal(6_800, await BalanceAsync(alice, from));
    }

    [Fact]
    public async Task Concurrent_debits_of_one_account_never_overdraw_through_the_api()
    {
        var (alice, _) = await ApiSession.RegisterAsync(fixture);
        var (bob, _) = await ApiSession.RegisterAsync(fixture);
        var from = await ApiSession.OpenAccountAsync(alice);
        var to = await ApiSession.OpenAccountAsync(bob);
        await DepositAsync(alice, from, "10.00");
        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => i % 2 == 0
            ? alice.PostAsJsonAsync("/api/transfers", new { from_account_uuid = from, to_account_uuid = to, amount = "0.70" })
            : alice.PostAsJsonAsync($"/api/accounts/{from}/withdraw", new { amount = "0.70" })));
        var ok = responses.Count(r => r.IsSuccessStatusCode);
        Assert.Equal(14, ok); // floor(10.00 / 0.70)
        Assert.All(responses.Where(r => !r.IsSuccessStatusCode), r => Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode));
        Assert.Equal(1_000 - 14 * 70, await BalanceAsync(alice, from));
    }

    [Fact]
    public async Task A_cross_asset_transfer_credits_the_converted_amount_at_the_rate_fixed_at_the_start()
    {
        var admin = await ApiSession.AdminAsync(fixture);
        var suffix = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var (fromAsset, toAsset, lonely) = ("F" + suffix, "T" + suffix, "L" + suffix);
        foreach (var (code, precision) in new[] { (fromAsset, 2), (toAsset, 4), (lonely, 2) })
        {
            var created = await admin.PostAsJsonAsync("/api/assets", new { code, name = code, type = "custom", precision });
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        }
        var rate = await admin.PostAsJsonAsync("/api/exchange-rates", new { from_asset = fromAsset, to_asset = toAsset, rate = "1.5", source = "manual" });
        Assert.True(rate.IsSuccessStatusCode, await rate.Content.ReadAsStringAsync());

        var (alice, _) = await ApiSession.RegisterAsync(fixture);
        var (bob, _) = await ApiSession.RegisterAsync(fixture);
        var from = await ApiSession.OpenAccountAsync(alice);
        var to = await ApiSession.OpenAccountAsync(bob);
        var deposit = await alice.PostAsJsonAsync($"/api/accounts/{from}/deposit", new { amount = "10.00", asset_code = fromAsset });
        Assert.Equal(HttpStatusCode.OK, deposit.StatusCode);

        var response = await alice.PostAsJsonAsync("/api/transfers", new
        {
            from_account_uuid = from, to_account_uuid = to, amount = "3.33", asset_code = fromAsset, to_asset_code = toAsset,
        });
        var body = await ApiSession.ReadJsonAsync(response);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var transfer = body.GetProperty("data");
        Assert.Equal("completed", transfer.GetProperty("status").GetString());
        Assert.Equal(toAsset, transfer.GetProperty("to_asset_code").GetString());
        Assert.Equal(49_950, transfer.GetProperty("to_amount").GetInt64()); // 3.33 x 1.5 = 4.9950 at precision 4
        Assert.Equal(1.5m, decimal.Parse(transfer.GetProperty("rate").GetString()!, System.Globalization.CultureInfo.InvariantCulture));

        var balances = await ApiSession.ReadJsonAsync(await bob.GetAsync($"/api/accounts/{to}/balances"));
        var credited = balances.GetProperty("data").GetProperty("balances").EnumerateArray().Single(b => b.GetProperty("asset_code").GetString() == toAsset);
        Assert.Equal(49_950, credited.GetProperty("balance").GetInt64());
        var debited = (await ApiSession.ReadJsonAsync(await alice.GetAsync($"/api/accounts/{from}/balances"))).GetProperty("data").GetProperty("balances")
            .EnumerateArray().Single(b => b.GetProperty("asset_code").GetString() == fromAsset);
        Assert.Equal(667, debited.GetProperty("balance").GetInt64());

        // No rate for the pair: refused before money moves.
        await AssertProblemAsync(await alice.PostAsJsonAsync("/api/transfers", new
        {
            from_account_uuid = from, to_account_uuid = to, amount = "1.00", asset_code = fromAsset, to_asset_code = lonely,
        }), HttpStatusCode.UnprocessableEntity, "NO_EXCHANGE_RATE");
        // Too small to arrive as one minor unit.
        await admin.PostAsJsonAsync("/api/exchange-rates", new { from_asset = fromAsset, to_asset = lonely, rate = "0.001", source = "manual" });
        await AssertProblemAsync(await alice.PostAsJsonAsync("/api/transfers", new
        {
            from_account_uuid = from, to_account_uuid = to, amount = "0.01", asset_code = fromAsset, to_asset_code = lonely,
        }), HttpStatusCode.UnprocessableEntity, "AMOUNT_TOO_SMALL");
        debited = (await ApiSession.ReadJsonAsync(await alice.GetAsync($"/api/accounts/{from}/balances"))).GetProperty("data").GetProperty("balances")
            .EnumerateArray().Single(b => b.GetProperty("asset_code").GetString() == fromAsset);
        Assert.Equal(667, debited.GetProperty("balance").GetInt64());
    }

    [Fact]
    public async Task Concurrent_duplicates_of_a_keyed_transfer_give_one_transfer()
    {
        var (alice, _) = await ApiSession.RegisterAsync(fixture);
        var (bob, _) = await ApiSession.RegisterAsync(fixture);
        var from = await ApiSession.OpenAccountAsync(alice);
        var to = await ApiSession.OpenAccountAsync(bob);
        await DepositAsync(alice, from, "100.00");
        var key = "transfer-key-" + Guid.NewGuid().ToString("N");
        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/transfers")
            {
                Content = JsonContent.Create(new { from_account_uuid = from, to_account_uuid = to, amount = "25.00" }),
            };
            request.Headers.Add("Idempotency-Key", key);
            var response = await alice.SendAsync(request);
            return (response.StatusCode, Body: await ApiSession.ReadJsonAsync(response));
        }));
        // 201 settled, 202 still settling (SPEC §6), or 409 while the first is in flight: never a second transfer.
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.Accepted or HttpStatusCode.Conflict, r.Body.ToString()));
        Assert.All(responses.Where(r => r.StatusCode == HttpStatusCode.Conflict),
            r => Assert.Equal("IDEMPOTENCY_KEY_IN_USE", r.Body.GetProperty("error").GetString()));
        var uuids = responses.Where(r => r.StatusCode is HttpStatusCode.Created or HttpStatusCode.Accepted)
            .Select(r => r.Body.GetProperty("data").GetProperty("uuid").GetGuid()).Distinct().ToList();
        var uuid = Assert.Single(uuids);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await ApiSession.ReadJsonAsync(await alice.GetAsync($"/api/transfers/{uuid}"))).GetProperty("data").GetProperty("status").GetString() != "completed")
        {
            Assert.True(DateTime.UtcNow < deadline, "the transfer did not settle");
            await Task.Delay(200);
        }
        Assert.Equal(7_500, await BalanceAsync(alice, from));
        Assert.Equal(2_500, await BalanceAsync(bob, to));
    }
}
