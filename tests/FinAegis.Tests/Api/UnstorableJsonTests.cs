using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FinAegis.Api.Http;
using FinAegis.Grains.Abstractions.Common;
using FinAegis.Grains.Abstractions.Rates;
using FinAegis.Tests.Infrastructure;
using FinAegis.Tests.Rates;

namespace FinAegis.Tests.Api;

/// <summary>
/// JSON the grammar allows but the database's JSON columns refuse: an unpaired surrogate escape, and nesting deeper
/// than the API accepts; and JSON that is ambiguous: a property given twice. Each is a 400 INVALID_JSON that changes nothing; before, such a value reached an event the
/// database could never store, and its grain kept retrying it (every later call on that rate pair, asset or poll
/// answered 503, an amount answered 500).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class UnstorableJsonTests(ClusterFixture fixture)
{
    private const string Unpaired = "\"\\ud800\"";

    [Fact]
    public async Task Unpaired_surrogates_and_deep_nesting_are_invalid_json_and_change_nothing()
    {
        var admin = await ApiSession.AdminAsync(fixture);
        var (user, _) = await ApiSession.RegisterAsync(fixture);
        var account = await ApiSession.OpenAccountAsync(user);
        var other = await ApiSession.OpenAccountAsync(user, "Other");
        Assert.Equal(HttpStatusCode.OK, (await user.PostAsJsonAsync($"/api/accounts/{account}/deposit", new { amount = "10.00" })).StatusCode);
        var from = await RatesKit.CreateAssetAsync(admin, 2);
        var to = await RatesKit.CreateAssetAsync(admin, 2);
        var code = RatesKit.NewCode();

        (HttpClient Client, HttpMethod Method, string Path, string Body)[] refused =
        [
            (user, HttpMethod.Post, $"/api/accounts/{account}/deposit", $$$"""{"amount":{{{Unpaired}}}}"""),
            (user, HttpMethod.Post, $"/api/accounts/{account}/withdraw", """{"amount":"\udc00"}"""),
            (user, HttpMethod.Post, "/api/transfers", $$$"""{"from_account_uuid":"{{{account}}}","to_account_uuid":"{{{other}}}","amount":{{{Unpaired}}}}"""),
            (user, HttpMethod.Post, "/api/exchange/convert", $$$"""{"account_uuid":"{{{account}}}","from_asset":"USD","to_asset":"EUR","amount":{{{Unpaired}}}}"""),
            (admin, HttpMethod.Post, "/api/assets", $$$"""{"code":"{{{code}}}","name":"Q","type":"custom","precision":2,"metadata":{"note":{{{Unpaired}}}}}"""),
            (admin, HttpMethod.Post, "/api/assets", $$$"""{"code":"{{{code}}}","name":"Q","type":"custom","precision":2,"metadata":{{{{Unpaired}}}:1}}"""),
            (admin, HttpMethod.Post, "/api/exchange-rates", $$$"""{"from_asset":"{{{from}}}","to_asset":"{{{to}}}","rate":"1.5","source":"manual","metadata":{"a":["x",{{{Unpaired}}}]}}"""),
            (admin, HttpMethod.Post, "/api/exchange-rates", $$$"""{"from_asset":"{{{from}}}","to_asset":"{{{to}}}","rate":"1.5","source":"manual","metadata":{{{Nested(StorableJsonElementConverter.MaxDepth + 1)}}}}"""),
            (admin, HttpMethod.Post, "/api/exchange-rates", $$$"""{"from_asset":"{{{from}}}","to_asset":"{{{to}}}","rate":"1.5","source":"manual","metadata":{"a":1,"b":{"c":1,"c":2} } }"""),
            (admin, HttpMethod.Put, $"/api/settings/{code.ToLowerInvariant()}.note", $$$"""{"value":{{{Unpaired}}},"type":"string"}"""),
            (admin, HttpMethod.Post, "/api/polls", $$$"""{"title":"t","type":"single_choice","options":[{"id":"a","label":"A","metadata":{"m":{{{Unpaired}}}}},{"id":"b","label":"B"}],"start_date":"2030-01-01T00:00:00Z","end_date":"2030-02-01T00:00:00Z","voting_power_strategy":"one_user_one_vote"}"""),
        ];
        foreach (var (client, method, path, body) in refused)
        {
            using var request = new HttpRequestMessage(method, path) { Content = ApiSession.Json(body) };
            var response = await client.SendAsync(request);
            var problem = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{method} {path}: {(int)response.StatusCode} {problem}");
            Assert.Equal("INVALID_JSON", JsonDocument.Parse(problem).RootElement.GetProperty("error").GetString());
        }

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/assets/{code}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/exchange-rates/{from}/{to}")).StatusCode);
        var balances = await ApiSession.ReadJsonAsync(await user.GetAsync($"/api/accounts/{account}/balances"));
        Assert.Equal(1000, balances.GetProperty("data").GetProperty("balances").EnumerateArray()
            .Single(b => b.GetProperty("asset_code").GetString() == "USD").GetProperty("balance").GetInt64());

        // The pair takes a value at the depth limit, and paired surrogates (an emoji) are ordinary text.
        var accepted = await admin.PostAsync("/api/exchange-rates", ApiSession.Json(
            $$$"""{"from_asset":"{{{from}}}","to_asset":"{{{to}}}","rate":"1.5","source":"manual","metadata":{"deep":{{{Nested(StorableJsonElementConverter.MaxDepth - 1)}}},"smile":"\ud83d\ude00"}}"""));
        var rate = await ApiSession.ReadJsonAsync(accepted);
        Assert.True(accepted.StatusCode == HttpStatusCode.Created, rate.ToString());
        Assert.Equal("\U0001F600", rate.GetProperty("data").GetProperty("metadata").GetProperty("smile").GetString());
    }

    [Fact]
    public async Task A_grain_whose_event_the_store_refuses_answers_and_stays_usable()
    {
        // Past the API's check (a bug, or an internal caller): the event can never be stored. The call must end
        // rather than retry forever, and the next valid command on the same grain must work.
        var admin = await ApiSession.AdminAsync(fixture);
        var pair = fixture.Client.GetGrain<IExchangeRateGrain>($"{await RatesKit.CreateAssetAsync(admin, 2)}/{await RatesKit.CreateAssetAsync(admin, 2)}");
        var caller = new Caller(Guid.NewGuid(), true);

        var refused = await pair.Set(new SetExchangeRate(caller, 1.5m, "manual", null, "{\"note\":\"\\ud800\"}")).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(ErrorCodes.Unavailable, refused.Error?.Code);
        Assert.Null(await pair.GetCurrent());

        var accepted = await pair.Set(new SetExchangeRate(caller, 2m, "manual", null, "{\"note\":\"fine\"}")).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Null(accepted.Error);
        Assert.Equal(2m, (await pair.GetCurrent())!.Rate);
        Assert.Equal(1L, await fixture.Database.ScalarAsync<long>("SELECT COUNT(*) FROM stored_events WHERE aggregate_uuid = @p",
            ("@p", pair.GetPrimaryKeyString())));
    }

    private static string Nested(int depth) => string.Concat(Enumerable.Repeat("{\"a\":", depth - 1)) + "{}" + new string('}', depth - 1);
}
