using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using System.Text.Json;
using FinAegis.Grains.Abstractions.Money;
using FinAegis.Tests.Infrastructure;
using static FinAegis.Tests.Rates.RatesKit;

namespace FinAegis.Tests.Rates;

[Collection(ClusterCollection.Name)]
public sealed class ExchangeConvertTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Converts_inside_one_account_records_the_rate_and_replays_by_key()
    {
        var admin = await ApiSession.AdminAsync(fixture);
        var eur = await CreateAssetAsync(admin, 2);
        var btc = await CreateAssetAsync(admin, 8);
        await SetRateAsync(admin, eur, "USD", "1.2");      // USD→EUR is its inverse: 12.00 USD = 10.00 EUR exactly
        await SetRateAsync(admin, btc, "USD", "50000");
        var (client, _) = await ApiSession.RegisterAsync(fixture);
        var account = await ApiSession.OpenAccountAsync(client);
        await DepositAsync(client, account, "USD", "100.00");

        var key = Guid.NewGuid().ToString();
        var (status, body) = await ConvertAsync(client, account, "USD", eur, "12.00", key);
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        var data = body.GetProperty("data");
        Assert.Equal(1_200, data.GetProperty("from_amount").GetInt64());
        Assert.Equal(1_000, data.GetProperty("to_amount").GetInt64());
        Assert.Equal("inverse", data.GetProperty("derivation").GetString());
        Assert.Equal("0.833333333333", data.GetProperty("rate").GetString());
        var balances = data.GetProperty("balances").EnumerateArray().ToDictionary(b => b.GetProperty("asset_code").GetString()!, b => b.GetProperty("balance").GetInt64());
        Assert.Equal(8_800, balances["USD"]);
        Assert.Equal(1_000, balances[eur]);

        // Same key, same body: replayed, nothing applied twice. Same key, other body: 422.
        var (replayStatus, replay) = await ConvertAsync(client, account, "USD", eur, "12", key);
        Assert.Equal(HttpStatusCode.OK, replayStatus);
        Assert.Equal(data.GetProperty("uuid").GetGuid(), replay.GetProperty("data").GetProperty("uuid").GetGuid());
        var (reusedStatus, reused) = await ConvertAsync(client, account, "USD", eur, "13.00", key);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reusedStatus);
        Assert.Equal("IDEMPOTENCY_KEY_REUSED", ErrorCode(reused));

        // Triangulated EUR→BTC: 10.00 EUR · 1.2 / 50000 = 0.00024 BTC.
        var (triStatus, tri) = await ConvertAsync(client, account, eur, btc, "10.00");
        Assert.True(triStatus == HttpStatusCode.OK, tri.ToString());
        Assert.Equal("triangulated", tri.GetProperty("data").GetProperty("derivation").GetString());
        Assert.Equal(24_000, tri.GetProperty("data").GetProperty("to_amount").GetInt64());

        var account1 = (await ApiSession.ReadJsonAsync(await client.GetAsync($"/api/accounts/{account}"))).GetProperty("data");
        var all = account1.GetProperty("balances").EnumerateArray().ToDictionary(b => b.GetProperty("asset_code").GetString()!, b => b.GetProperty("balance").GetInt64());
        Assert.Equal(8_800, all["USD"]);
        Assert.Equal(0, all[eur]);
        Assert.Equal(24_000, all[btc]);

        var history = (await ApiSession.ReadJsonAsync(await client.GetAsync($"/api/accounts/{account}/transactions"))).GetProperty("data");
        Assert.Equal(["exchange_in", "exchange_out", "exchange_in", "exchange_out", "deposit"],
            history.EnumerateArray().Select(t => t.GetProperty("type").GetString()!).ToList());
        var exchangeOut = (await ApiSession.ReadJsonAsync(await client.GetAsync($"/api/accounts/{account}/transactions?type=exchange_out"))).GetProperty("data");
        Assert.Equal(2, exchangeOut.GetArrayLength());

        // Turnovers count both legs: USD debit 12.00, EUR credit 10.00 and debit 10.00, BTC credit.
        var turnovers = (await ApiSession.ReadJsonAsync(await client.GetAsync($"/api/accounts/{account}/turnovers"))).GetProperty("data")
            .EnumerateArray().ToDictionary(t => t.GetProperty("asset_code").GetString()!, t => (t.GetProperty("debit").GetInt64(), t.GetProperty("credit").GetInt64()));
        Assert.Equal((1_200L, 10_000L), turnovers["USD"]);
        Assert.Equal((1_000L, 1_000L), turnovers[eur]);
        Assert.Equal((0L, 24_000L), turnovers[btc]);

        // The USD equivalent prices every asset: 88.00 USD + 0.00024 BTC · 50000 = 12.00 USD.
        var summary = (await ApiSession.ReadJsonAsync(await client.GetAsync($"/api/accounts/{account}/balances"))).GetProperty("data").GetProperty("summary");
        Assert.Equal(10_000, summary.GetProperty("total_usd_equivalent").GetInt64());
        Assert.Equal(0, summary.GetProperty("unpriced_assets").GetArrayLength());
    }

    [Fact]
    public async Task Bad_conversions_are_clear_4xx()
    {
        var admin = await ApiSession.AdminAsync(fixture);
        var small = await CreateAssetAsync(admin, 2);
        var huge = await CreateAssetAsync(admin, 18);
        var norate = await CreateAssetAsync(admin, 2);
        var inactive = await CreateAssetAsync(admin, 2);
        await SetRateAsync(admin, "USD", small, "0.5");
        await SetRateAsync(admin, "USD", huge, "1000000");
        await SetRateAsync(admin, "USD", inactive, "1");
        var patch = await admin.PatchAsJsonAsync($"/api/assets/{inactive}", new { is_active = false });
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        var (client, _) = await ApiSession.RegisterAsync(fixture);
        var account = await ApiSession.OpenAccountAsync(client);
        await DepositAsync(client, account, "USD", "1000.00");

        async Task Expect(HttpStatusCode status, string code, string from, string to, object amount, Guid? accountUuid = null)
        {
            var (actual, body) = await ConvertAsync(client, accountUuid ?? account, from, to, amount);
            Assert.True(actual == status && ErrorCode(body) == code, $"{from}->{to} {amount}: {(int)actual} {body}");
        }

        await Expect(HttpStatusCode.UnprocessableEntity, "VALIDATION_FAILED", "USD", "USD", "1.00");
        await Expect(HttpStatusCode.UnprocessableEntity, "ASSET_NOT_FOUND", "USD", "NOPE1", "1.00");
        await Expect(HttpStatusCode.UnprocessableEntity, "ASSET_NOT_FOUND", "NOPE2", "USD", "1.00");
        await Expect(HttpStatusCode.BadRequest, "INVALID_JSON", "USD", small, true);
        await Expect(HttpStatusCode.UnprocessableEntity, "VALIDATION_FAILED", "USD", small, "0");
        await Expect(HttpStatusCode.UnprocessableEntity, "VALIDATION_FAILED", "USD", small, "-5");
        await Expect(HttpStatusCode.UnprocessableEntity, "VALIDATION_FAILED", "USD", small, "ten");
        await Expect(HttpStatusCode.UnprocessableEntity, "VALIDATION_FAILED", "USD", small, "1.001");
        await Expect(HttpStatusCode.UnprocessableEntity, "AMOUNT_TOO_SMALL", "USD", small, "0.01");
        await Expect(HttpStatusCode.UnprocessableEntity, "INSUFFICIENT_FUNDS", "USD", small, "1000.01");
        await Expect(HttpStatusCode.UnprocessableEntity, "NO_EXCHANGE_RATE", "USD", norate, "1.00");
        // Other silos see the deactivation within their 5 s catalogue refresh; an empty account makes the wait harmless.
        var empty = await ApiSession.OpenAccountAsync(client, "Empty");
        foreach (var (from, to) in new[] { ("USD", inactive), (inactive, "USD") })
        {
            Assert.True(await EventuallyAsync(async () => ErrorCode((await ConvertAsync(client, empty, from, to, "1.00")).Body) == "ASSET_INACTIVE",
                TimeSpan.FromSeconds(15)), $"{from}->{to} was not refused as inactive");
        }
        // 100 USD at 10^6 into an 18-decimal asset is 10^28 minor units: over 2^53-1, refused, no overflow.
        await Expect(HttpStatusCode.UnprocessableEntity, "VALIDATION_FAILED", "USD", huge, "100.00");
        await Expect(HttpStatusCode.NotFound, "ACCOUNT_NOT_FOUND", "USD", small, "1.00", Guid.NewGuid());

        var (other, _) = await ApiSession.RegisterAsync(fixture);
        var (forbidden, _) = await ConvertAsync(other, account, "USD", small, "1.00");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden);

        var malformed = await client.PostAsync("/api/exchange/convert", ApiSession.Json("""{"account_uuid": 5}"""));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/accounts/{account}/freeze", new { reason = "test" })).StatusCode);
        await Expect(HttpStatusCode.UnprocessableEntity, "ACCOUNT_FROZEN", "USD", small, "1.00");

        // Nothing moved.
        var balances = (await ApiSession.ReadJsonAsync(await client.GetAsync($"/api/accounts/{account}"))).GetProperty("data").GetProperty("balances");
        Assert.Equal(1, balances.GetArrayLength());
        Assert.Equal(100_000, balances[0].GetProperty("balance").GetInt64());
    }

    [Fact]
    public async Task Concurrent_rate_updates_each_conversion_uses_one_rate_and_every_asset_is_conserved()
    {
        var admin = await ApiSession.AdminAsync(fixture);
        var gold = await CreateAssetAsync(admin, 4);
        await SetRateAsync(admin, "USD", gold, "0.0005");
        var (client, _) = await ApiSession.RegisterAsync(fixture);
        var accounts = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var account = await ApiSession.OpenAccountAsync(client, $"A{i}");
            await DepositAsync(client, account, "USD", "100000.00");
            accounts.Add(account);
        }

        var setRates = new List<string>();
        using var stop = new CancellationTokenSource();
        var feed = Task.Run(async () =>
        {
            for (var i = 1; !stop.IsCancellationRequested && i < 400; i++)
            {
                var rate = $"0.000{5 + (i % 5)}{i % 10}{(i * 7) % 10}";
                setRates.Add(rate);
                await SetRateAsync(admin, "USD", gold, rate, "market");
            }
        });
        var conversions = accounts.Select(account => Task.Run(async () =>
        {
            var results = new List<JsonElement>();
            for (var i = 0; i < 15; i++)
            {
                var (status, body) = await ConvertAsync(client, account, "USD", gold, $"{100 + i}.37");
                Assert.True(status == HttpStatusCode.OK, body.ToString());
                results.Add(body.GetProperty("data"));
                // And back some of it, so both directions (direct and inverse) run during the updates.
                var (back, backBody) = await ConvertAsync(client, account, gold, "USD", "0.0100");
                Assert.True(back == HttpStatusCode.OK, backBody.ToString());
            }
            return results;
        })).ToList();
        await Task.WhenAll(conversions);
        stop.Cancel();
        await feed;

        // Every recorded conversion: the exact fraction it recorded gives exactly the amount that arrived.
        var legs = new List<(Guid Account, string Class, JsonElement Props)>();
        foreach (var account in accounts)
        {
            var rows = await ReadEventsAsync(account);
            legs.AddRange(rows.Select(row => (account, row.Class, row.Props)));
        }
        var outs = legs.Where(l => l.Class == "AssetExchangedOut").ToList();
        var ins = legs.Where(l => l.Class == "AssetExchangedIn").ToDictionary(l => l.Props.GetProperty("exchange_uuid").GetGuid());
        Assert.Equal(90, outs.Count);
        Assert.Equal(90, ins.Count);
        var precision = new Dictionary<string, int> { ["USD"] = 2, [gold] = 4 };
        var usedRates = new HashSet<string>();
        foreach (var (_, _, props) in outs)
        {
            var incoming = ins[props.GetProperty("exchange_uuid").GetGuid()].Props;
            var rate = new ExactRate(BigInteger.Parse(props.GetProperty("rate_numerator").GetString()!),
                BigInteger.Parse(props.GetProperty("rate_denominator").GetString()!));
            var from = props.GetProperty("asset_code").GetString()!;
            var to = incoming.GetProperty("asset_code").GetString()!;
            Assert.Equal(CurrencyConversion.Error.None,
                CurrencyConversion.TryConvert(props.GetProperty("amount").GetInt64(), precision[from], precision[to], rate, out var expected));
            Assert.Equal(expected, incoming.GetProperty("amount").GetInt64());
            Assert.Equal(props.GetProperty("counter_amount").GetInt64(), incoming.GetProperty("amount").GetInt64());
            Assert.Equal(props.GetProperty("rate_numerator").GetString(), incoming.GetProperty("rate_numerator").GetString());
            usedRates.Add(from == "USD" ? rate.ToDecimalString(8) : rate.Inverse().ToDecimalString(8));
        }
        // Each recorded rate is one that was actually set (never a blend of two).
        var allSet = setRates.Append("0.0005").Select(r => RateText.TryParse(r, out var d) == RateText.ParseError.None ? RateText.Format(d) : r).ToHashSet();
        Assert.Subset(allSet, usedRates);

        // Conservation per account and asset: balance = deposits − exchanged out + exchanged in, and turnovers agree.
        foreach (var account in accounts)
        {
            var mine = legs.Where(l => l.Account == account).ToList();
            long Sum(string cls, string asset) => mine.Where(l => l.Class == cls && l.Props.GetProperty("asset_code").GetString() == asset)
                .Sum(l => l.Props.GetProperty("amount").GetInt64());
            var data = (await ApiSession.ReadJsonAsync(await client.GetAsync($"/api/accounts/{account}"))).GetProperty("data");
            var balances = data.GetProperty("balances").EnumerateArray().ToDictionary(b => b.GetProperty("asset_code").GetString()!, b => b.GetProperty("balance").GetInt64());
            foreach (var asset in new[] { "USD", gold })
            {
                var deposits = Sum("MoneyAdded", asset);
                Assert.Equal(deposits - Sum("AssetExchangedOut", asset) + Sum("AssetExchangedIn", asset), balances[asset]);
                var debit = await fixture.Database.ScalarAsync<long>(
                    "SELECT COALESCE(SUM(debit), 0) FROM turnovers WHERE account_uuid = @a AND asset_code = @c", ("@a", account.ToString()), ("@c", asset));
                var credit = await fixture.Database.ScalarAsync<long>(
                    "SELECT COALESCE(SUM(credit), 0) FROM turnovers WHERE account_uuid = @a AND asset_code = @c", ("@a", account.ToString()), ("@c", asset));
                Assert.Equal(Sum("AssetExchangedOut", asset), debit);
                Assert.Equal(deposits + Sum("AssetExchangedIn", asset), credit);
            }
        }
    }

    private async Task<List<(string Class, JsonElement Props)>> ReadEventsAsync(Guid account)
    {
        await using var connection = await fixture.Database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT event_class, event_properties FROM stored_events WHERE aggregate_uuid = @a ORDER BY aggregate_version";
        command.Parameters.AddWithValue("@a", account.ToString());
        var rows = new List<(string, JsonElement)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), JsonDocument.Parse(reader.GetString(1)).RootElement.Clone()));
        }
        return rows;
    }
}
