using System.Net;
using System.Net.Http.Json;
using FinAegis.Tests.Infrastructure;

namespace FinAegis.Tests.Api;

[Collection(ClusterCollection.Name)]
public sealed class AccountsApiSmokeTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Register_open_deposit_withdraw_and_read_the_history()
    {
        var (client, userUuid) = await ApiSession.RegisterAsync(fixture);
        var account = await ApiSession.OpenAccountAsync(client);

        var deposit = await client.PostAsJsonAsync($"/api/accounts/{account}/deposit", new { amount = "100.00", asset_code = "USD" });
        var depositBody = await ApiSession.ReadJsonAsync(deposit);
        Assert.Equal(HttpStatusCode.OK, deposit.StatusCode);
        Assert.Equal(10_000, depositBody.GetProperty("data").GetProperty("balance_after").GetInt64());
        Assert.Equal("deposit", depositBody.GetProperty("data").GetProperty("type").GetString());

        var withdraw = await client.PostAsJsonAsync($"/api/accounts/{account}/withdraw", new { amount = 12.34 });
        Assert.Equal(HttpStatusCode.OK, withdraw.StatusCode);

        var get = await ApiSession.ReadJsonAsync(await client.GetAsync($"/api/accounts/{account}"));
        Assert.Equal(8_766, get.GetProperty("data").GetProperty("balance").GetInt64());
        Assert.Equal(userUuid, get.GetProperty("data").GetProperty("user_uuid").GetGuid());
        Assert.Equal("87.66 USD", get.GetProperty("data").GetProperty("balances")[0].GetProperty("formatted").GetString());

        var history = await ApiSession.ReadJsonAsync(await client.GetAsync($"/api/accounts/{account}/transactions"));
        var types = history.GetProperty("data").EnumerateArray().Select(t => t.GetProperty("type").GetString()).ToList();
        Assert.Equal(["withdrawal", "deposit"], types);
    }
}
