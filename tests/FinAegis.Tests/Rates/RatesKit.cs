using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FinAegis.Tests.Infrastructure;

namespace FinAegis.Tests.Rates;

/// <summary>Fresh assets and rates per test, so tests sharing one cluster never see each other's pairs.</summary>
public static class RatesKit
{
    public static string NewCode(string prefix = "Q") => prefix + Guid.NewGuid().ToString("N")[..7].ToUpperInvariant();

    public static async Task<string> CreateAssetAsync(HttpClient admin, int precision, string type = "custom")
    {
        var code = NewCode();
        var response = await admin.PostAsJsonAsync("/api/assets", new { code, name = "Test " + code, type, precision });
        var body = await ApiSession.ReadJsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
        return code;
    }

    public static async Task<JsonElement> SetRateAsync(HttpClient admin, string from, string to, string rate, string source = "manual", DateTimeOffset? expiresAt = null)
    {
        var response = await admin.PostAsJsonAsync("/api/exchange-rates", new { from_asset = from, to_asset = to, rate, source, expires_at = expiresAt?.ToString("O") });
        var body = await ApiSession.ReadJsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
        return body.GetProperty("data");
    }

    public static async Task DepositAsync(HttpClient client, Guid account, string asset, string amount)
    {
        var response = await client.PostAsJsonAsync($"/api/accounts/{account}/deposit", new { amount, asset_code = asset });
        Assert.True(response.StatusCode == HttpStatusCode.OK, (await ApiSession.ReadJsonAsync(response)).ToString());
    }

    public static async Task<(HttpStatusCode Status, JsonElement Body)> ConvertAsync(HttpClient client, Guid account, string from, string to, object amount, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/exchange/convert")
        {
            Content = JsonContent.Create(new { account_uuid = account, from_asset = from, to_asset = to, amount }),
        };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }
        var response = await client.SendAsync(request);
        return (response.StatusCode, await ApiSession.ReadJsonAsync(response));
    }

    public static string ErrorCode(JsonElement problem) => problem.TryGetProperty("error", out var code) ? code.GetString() ?? "" : "";

    /// <summary>Polls <paramref name="condition"/> until it holds or the deadline passes (no fixed sleeps).</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await condition())
            {
                return true;
            }
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }
            await Task.Delay(100);
        }
    }
}
