using System.Net;
using System.Net.Http.Json;
using FinAegis.Tests.Infrastructure;
using static FinAegis.Tests.Rates.RatesKit;

namespace FinAegis.Tests.Assets;

[Collection(ClusterCollection.Name)]
public sealed class AssetsApiTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Lists_the_default_assets_publicly()
    {
        var anonymous = fixture.CreateApiClient();
        var list = (await ApiSession.ReadJsonAsync(await anonymous.GetAsync("/api/assets?type=fiat"))).GetProperty("data");
        var codes = list.EnumerateArray().Select(a => a.GetProperty("code").GetString()).ToList();
        Assert.Contains("USD", codes);
        Assert.Contains("EUR", codes);
        Assert.DoesNotContain("BTC", codes);
        var btc = (await ApiSession.ReadJsonAsync(await anonymous.GetAsync("/api/assets/BTC"))).GetProperty("data");
        Assert.Equal(8, btc.GetProperty("precision").GetInt32());
        Assert.Equal("crypto", btc.GetProperty("type").GetString());
        var missing = await anonymous.GetAsync("/api/assets/NOPE1");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("ASSET_NOT_FOUND", ErrorCode(await ApiSession.ReadJsonAsync(missing)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await anonymous.GetAsync("/api/assets?type=stock")).StatusCode);
    }

    [Fact]
    public async Task Admin_creates_an_asset_duplicates_are_422_and_others_may_not()
    {
        var admin = await ApiSession.AdminAsync(fixture);
        var code = NewCode();
        var created = await admin.PostAsJsonAsync("/api/assets", new { code, name = "Points", type = "custom", precision = 0, metadata = new { issuer = "test" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var got = (await ApiSession.ReadJsonAsync(await fixture.CreateApiClient().GetAsync($"/api/assets/{code}"))).GetProperty("data");
        Assert.Equal(0, got.GetProperty("precision").GetInt32());
        Assert.True(got.GetProperty("is_active").GetBoolean());
        Assert.Equal("test", got.GetProperty("metadata").GetProperty("issuer").GetString());

        var duplicate = await admin.PostAsJsonAsync("/api/assets", new { code, name = "Again", type = "custom", precision = 2 });
        var duplicateBody = await ApiSession.ReadJsonAsync(duplicate);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, duplicate.StatusCode);
        Assert.True(duplicateBody.GetProperty("errors").TryGetProperty("code", out _), duplicateBody.ToString());

        var (user, _) = await ApiSession.RegisterAsync(fixture);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.PostAsJsonAsync("/api/assets", new { code = NewCode(), name = "X", type = "custom", precision = 2 })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.PatchAsJsonAsync($"/api/assets/{code}", new { is_active = false })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.CreateApiClient().PostAsJsonAsync("/api/assets", new { code = NewCode() })).StatusCode);
    }

    [Theory]
    [InlineData("""{"code":"usd2","name":"x","type":"fiat","precision":2}""", "code")]
    [InlineData("""{"code":"A","name":"x","type":"fiat","precision":2}""", "code")]
    [InlineData("""{"code":"ABCDEFGHIJK","name":"x","type":"fiat","precision":2}""", "code")]
    [InlineData("""{"code":"ZZ9","name":"x","type":"stock","precision":2}""", "type")]
    [InlineData("""{"code":"ZZ9","name":"x","type":"fiat","precision":19}""", "precision")]
    [InlineData("""{"code":"ZZ9","name":"x","type":"fiat","precision":-1}""", "precision")]
    [InlineData("""{"code":"ZZ9","name":"x","type":"fiat","precision":2.5}""", "precision")]
    [InlineData("""{"code":"ZZ9","name":"","type":"fiat","precision":2}""", "name")]
    [InlineData("""{"code":"ZZ9","name":"x","type":"fiat","precision":2,"metadata":"text"}""", "metadata")]
    public async Task Invalid_assets_are_422(string json, string field)
    {
        var admin = await ApiSession.AdminAsync(fixture);
        var response = await admin.PostAsync("/api/assets", ApiSession.Json(json));
        var body = await ApiSession.ReadJsonAsync(response);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), body.ToString());
    }

    [Fact]
    public async Task A_deactivated_asset_refuses_deposits_but_balances_stay_visible()
    {
        var admin = await ApiSession.AdminAsync(fixture);
        var code = await CreateAssetAsync(admin, 2);
        var (client, _) = await ApiSession.RegisterAsync(fixture);
        var account = await ApiSession.OpenAccountAsync(client);
        await DepositAsync(client, account, code, "5.00");

        var patch = await admin.PatchAsJsonAsync($"/api/assets/{code}", new { is_active = false });
        Assert.False((await ApiSession.ReadJsonAsync(patch)).GetProperty("data").GetProperty("is_active").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PatchAsJsonAsync("/api/assets/NOPE1", new { is_active = false })).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await admin.PatchAsJsonAsync($"/api/assets/{code}", new { })).StatusCode);

        // Hidden from the default list, shown with include_inactive.
        var anonymous = fixture.CreateApiClient();
        var active = (await ApiSession.ReadJsonAsync(await anonymous.GetAsync("/api/assets"))).GetProperty("data");
        Assert.DoesNotContain(code, active.EnumerateArray().Select(a => a.GetProperty("code").GetString()));
        var everything = (await ApiSession.ReadJsonAsync(await anonymous.GetAsync("/api/assets?include_inactive=true"))).GetProperty("data");
        Assert.Contains(code, everything.EnumerateArray().Select(a => a.GetProperty("code").GetString()));

        // The account's silo sees it within its catalogue refresh (5 s); from then on deposits are refused.
        Assert.True(await EventuallyAsync(async () =>
        {
            var response = await client.PostAsJsonAsync($"/api/accounts/{account}/deposit", new { amount = "1.00", asset_code = code });
            return response.StatusCode == HttpStatusCode.UnprocessableEntity && ErrorCode(await ApiSession.ReadJsonAsync(response)) == "ASSET_INACTIVE";
        }, TimeSpan.FromSeconds(15)));
        var balances = (await ApiSession.ReadJsonAsync(await client.GetAsync($"/api/accounts/{account}/balances"))).GetProperty("data").GetProperty("balances");
        Assert.Contains(balances.EnumerateArray(), b => b.GetProperty("asset_code").GetString() == code && b.GetProperty("balance").GetInt64() >= 500);

        // Reactivated, deposits work again.
        await admin.PatchAsJsonAsync($"/api/assets/{code}", new { is_active = true });
        Assert.True(await EventuallyAsync(async () =>
            (await client.PostAsJsonAsync($"/api/accounts/{account}/deposit", new { amount = "1.00", asset_code = code })).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(15)));
    }
}
