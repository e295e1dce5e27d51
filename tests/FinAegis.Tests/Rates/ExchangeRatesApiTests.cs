using System.Net;
using System.Net.Http.Json;
using FinAegis.Tests.Infrastructure;
using static FinAegis.Tests.Rates.RatesKit;

namespace FinAegis.Tests.Rates;

[Collection(ClusterCollection.Name)]
public sealed class ExchangeRatesApiTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Effective_rate_falls_back_direct_then_inverse_then_triangulated_then_404()
    {
        var admin = await ApiSession.AdminAsync(fixture);
        var anonymous = fixture.CreateApiClient();
        var a = await CreateAssetAsync(admin, 2);
        var b = await CreateAssetAsync(admin, 2);

        var none = await anonymous.GetAsync($"/api/exchange-rates/{a}/{b}");
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Equal("NO_EXCHANGE_RATE", ErrorCode(await ApiSession.ReadJsonAsync(none)));

        // Triangulated through USD: A→USD 2 (direct), USD→B as the inverse of B/USD 0.5.
        await SetRateAsync(admin, a, "USD", "2");
        await SetRateAsync(admin, b, "USD", "0.5");
        var triangulated = (await ApiSession.ReadJsonAsync(await anonymous.GetAsync($"/api/exchange-rates/{a}/{b}"))).GetProperty("data");
        Assert.Equal("triangulated", triangulated.GetProperty("derivation").GetString());
        Assert.Equal("4.00000000", triangulated.GetProperty("rate").GetString());
        Assert.Equal(2, triangulated.GetProperty("legs").GetArrayLength());

        // The reverse pair makes it an inverse.
        await SetRateAsync(admin, b, a, "0.2");
        var inverse = (await ApiSession.ReadJsonAsync(await anonymous.GetAsync($"/api/exchange-rates/{a}/{b}"))).GetProperty("data");
        Assert.Equal("inverse", inverse.GetProperty("derivation").GetString());
        Assert.Equal("5.00000000", inverse.GetProperty("rate").GetString());

        // A direct rate wins.
        await SetRateAsync(admin, a, b, "4.5");
        var direct = (await ApiSession.ReadJsonAsync(await anonymous.GetAsync($"/api/exchange-rates/{a}/{b}"))).GetProperty("data");
        Assert.Equal("direct", direct.GetProperty("derivation").GetString());
        Assert.Equal("4.50000000", direct.GetProperty("rate").GetString());

        // The quote applies SPEC §2: 10.00 A at 4.5 → 45.00 B; 0.01 B → A through the inverse 1/4.5 is too small? 1/4.5 = 0.22 → 0.
        var quote = (await ApiSession.ReadJsonAsync(await anonymous.GetAsync($"/api/exchange-rates/{a}/{b}/convert?amount=10.00"))).GetProperty("data");
        Assert.Equal(4_500, quote.GetProperty("to_amount").GetInt64());
        var tooSmall = await anonymous.GetAsync($"/api/exchange-rates/{b}/{a}/convert?amount=0.01");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooSmall.StatusCode);
        Assert.Equal("AMOUNT_TOO_SMALL", ErrorCode(await ApiSession.ReadJsonAsync(tooSmall)));
    }

    [Fact]
    public async Task Expired_rates_are_never_used_and_the_next_fallback_applies()
    {
        var admin = await ApiSession.AdminAsync(fixture);
        var a = await CreateAssetAsync(admin, 2);
        var b = await CreateAssetAsync(admin, 2);
        await SetRateAsync(admin, b, a, "0.5");                                     // the inverse fallback: 2
        await SetRateAsync(admin, a, b, "3", expiresAt: DateTimeOffset.UtcNow.AddSeconds(2)); // direct, soon expired

        var first = (await ApiSession.ReadJsonAsync(await admin.GetAsync($"/api/exchange-rates/{a}/{b}"))).GetProperty("data");
        Assert.Equal("direct", first.GetProperty("derivation").GetString());

        Assert.True(await EventuallyAsync(async () =>
        {
            var body = await ApiSession.ReadJsonAsync(await admin.GetAsync($"/api/exchange-rates/{a}/{b}"));
            return body.GetProperty("data").GetProperty("derivation").GetString() == "inverse";
        }, TimeSpan.FromSeconds(10)));
        var list = (await ApiSession.ReadJsonAsync(await admin.GetAsync($"/api/exchange-rates?from={a}&to={b}"))).GetProperty("data");
        Assert.Equal(1, list.GetArrayLength());
        Assert.False(list[0].GetProperty("is_active").GetBoolean());

        // Only expired rates: 404.
        var c = await CreateAssetAsync(admin, 2);
        await SetRateAsync(admin, c, a, "1", expiresAt: DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.True(await EventuallyAsync(async () =>
            (await admin.GetAsync($"/api/exchange-rates/{c}/{a}")).StatusCode == HttpStatusCode.NotFound, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task History_keeps_every_set_newest_first_with_cursor_paging()
    {
        var admin = await ApiSession.AdminAsync(fixture);
        var a = await CreateAssetAsync(admin, 2);
        var b = await CreateAssetAsync(admin, 2);
        // Many sets at once: fetched_at is strictly increasing per pair, so none collides on (from, to, fetched_at).
        var rates = Enumerable.Range(1, 25).Select(i => $"1.{i:D2}").ToList();
        foreach (var rate in rates.Take(5))
        {
            await SetRateAsync(admin, a, b, rate);
        }
        await Task.WhenAll(rates.Skip(5).Select(rate => SetRateAsync(admin, a, b, rate, "market")));

        var seen = new List<(string Rate, DateTimeOffset FetchedAt)>();
        string? cursor = null;
        do
        {
            var url = $"/api/exchange-rates/{a}/{b}/history?limit=7" + (cursor is null ? "" : $"&cursor={cursor}");
            var page = await ApiSession.ReadJsonAsync(await admin.GetAsync(url));
            foreach (var row in page.GetProperty("data").EnumerateArray())
            {
                seen.Add((row.GetProperty("rate").GetString()!, row.GetProperty("fetched_at").GetDateTimeOffset()));
            }
            cursor = page.GetProperty("next_cursor").GetString();
        }
        while (cursor is not null);

        Assert.Equal(25, seen.Count);
        Assert.Equal(25, seen.Select(row => row.FetchedAt).Distinct().Count());
        Assert.Equal(seen.OrderByDescending(row => row.FetchedAt).ToList(), seen);
        // The first five were sequential: they are the oldest, in order.
        Assert.Equal(rates.Take(5).Reverse().Select(r => r + "000000"), seen.TakeLast(5).Select(row => row.Rate));
        Assert.Equal(25, await fixture.Database.ScalarAsync<long>(
            "SELECT COUNT(*) FROM exchange_rates WHERE from_asset = @a AND to_asset = @b", ("@a", a), ("@b", b)));
        // The current rate is the last one set.
        var current = (await ApiSession.ReadJsonAsync(await admin.GetAsync($"/api/exchange-rates?from={a}&to={b}"))).GetProperty("data");
        Assert.Equal(seen[0].Rate, current[0].GetProperty("rate").GetString());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1.5")]
    [InlineData("abc")]
    [InlineData("1.123456789")]
    [InlineData("1000000000000")]
    [InlineData("")]
    public async Task Bad_rates_are_422_with_a_rate_field_error(string rate)
    {
        var admin = await ApiSession.AdminAsync(fixture);
        var response = await admin.PostAsJsonAsync("/api/exchange-rates", new { from_asset = "USD", to_asset = "EUR", rate });
        var body = await ApiSession.ReadJsonAsync(response);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("VALIDATION_FAILED", ErrorCode(body));
        Assert.True(body.GetProperty("errors").TryGetProperty("rate", out _), body.ToString());
    }

    [Theory]
    [InlineData("""{"from_asset":"USD","to_asset":"USD","rate":"1"}""", "to_asset")]
    [InlineData("""{"from_asset":"NOPE1","to_asset":"USD","rate":"1"}""", "from_asset")]
    [InlineData("""{"from_asset":"USD","to_asset":"EUR","rate":"1","source":"guess"}""", "source")]
    [InlineData("""{"from_asset":"USD","to_asset":"EUR","rate":"1","expires_at":"2001-01-01T00:00:00Z"}""", "expires_at")]
    [InlineData("""{"from_asset":"USD","to_asset":"EUR","rate":"1","expires_at":"soon"}""", "expires_at")]
    [InlineData("""{"from_asset":"USD","to_asset":"EUR","rate":"1","metadata":[1]}""", "metadata")]
    [InlineData("""{"from_asset":"USD","to_asset":"EUR","rate":true}""", "rate")]
    public async Task Bad_rate_requests_are_422(string json, string field)
    {
        var admin = await ApiSession.AdminAsync(fixture);
        var response = await admin.PostAsync("/api/exchange-rates", ApiSession.Json(json));
        var body = await ApiSession.ReadJsonAsync(response);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), body.ToString());
    }

    [Fact]
    public async Task Only_admins_set_rates_and_reads_are_public()
    {
        var (user, _) = await ApiSession.RegisterAsync(fixture);
        var forbidden = await user.PostAsJsonAsync("/api/exchange-rates", new { from_asset = "USD", to_asset = "EUR", rate = "0.9" });
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        var anonymous = fixture.CreateApiClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/exchange-rates", new { from_asset = "USD", to_asset = "EUR", rate = "0.9" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api/exchange-rates")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/api/exchange-rates/USD/NOPE1")).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await anonymous.GetAsync("/api/exchange-rates/USD/USD")).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await anonymous.GetAsync("/api/exchange-rates/USD/EUR/convert?amount=abc")).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await anonymous.GetAsync("/api/exchange-rates/USD/EUR/history?limit=0")).StatusCode);
    }
}
