using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FinAegis.Grains.Webhooks;
using FinAegis.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace FinAegis.Tests.Webhooks;

/// <summary>A cluster whose silos may call 127.0.0.1 and retry quickly (SPEC's 10 s base shrunk for tests).</summary>
public class WebhookClusterFixture : ClusterFixture
{
    protected override void ConfigureSilos(IDictionary<string, string?> settings)
    {
        settings["FINAEGIS_WEBHOOKS_ALLOW_PRIVATE"] = "true";
        settings["FINAEGIS_WEBHOOKS_RETRY_BASE_SECONDS"] = "0.3";
        settings["FINAEGIS_WEBHOOKS_REFRESH_SECONDS"] = "0.5";
        settings["FINAEGIS_WEBHOOKS_POLL_MS"] = "50";
        settings["FINAEGIS_WEBHOOKS_CLAIM_MARGIN_SECONDS"] = "1";
    }
}

public static class WebhookTestKit
{
    public static async Task<(long Id, string Secret)> CreateWebhookAsync(ClusterFixture fixture, HttpClient admin, string url, string[] events,
        int timeoutSeconds = 5, int retryAttempts = 3, object? headers = null)
    {
        var response = await admin.PostAsJsonAsync("/api/webhooks", new
        {
            name = "test hook",
            url,
            events,
            headers,
            timeout_seconds = timeoutSeconds,
            retry_attempts = retryAttempts,
        });
        var body = await ApiSession.ReadJsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
        var id = body.GetProperty("data").GetProperty("id").GetInt64();
        await WaitForSubscriptionAsync(fixture, id);
        return (id, body.GetProperty("data").GetProperty("secret").GetString()!);
    }

    /// <summary>Waits until every silo's subscription cache has the webhook, so the next events produce deliveries.</summary>
    public static async Task WaitForSubscriptionAsync(ClusterFixture fixture, long webhookId)
    {
        var caches = fixture.Cluster.GetActiveSilos().OfType<InProcessSiloHandle>()
            .Select(silo => silo.SiloHost.Services.GetRequiredService<WebhookSubscriptions>()).ToList();
        Assert.NotEmpty(caches);
        await Until(() => Task.FromResult(caches.All(cache => cache.Current.Knows(webhookId))), "every silo knows the webhook");
    }

    public static async Task Until(Func<Task<bool>> condition, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting until {what}.");
            }
            await Task.Delay(50);
        }
    }

    public static async Task<JsonElement> DepositAsync(HttpClient client, Guid account, string amount)
    {
        var response = await client.PostAsJsonAsync($"/api/accounts/{account}/deposit", new { amount, asset_code = "USD" });
        var body = await ApiSession.ReadJsonAsync(response);
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body.GetProperty("data");
    }

    public static async Task<HttpResponseMessage> WithdrawAsync(HttpClient client, Guid account, string amount) =>
        await client.PostAsJsonAsync($"/api/accounts/{account}/withdraw", new { amount, asset_code = "USD" });

    public static async Task<List<JsonElement>> DeliveriesAsync(HttpClient admin, long webhookId, string? status = null)
    {
        var response = await admin.GetAsync($"/api/webhooks/{webhookId}/deliveries?limit=100" + (status is null ? "" : "&status=" + status));
        var body = await ApiSession.ReadJsonAsync(response);
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body.GetProperty("data").EnumerateArray().ToList();
    }

    /// <summary>What an integrator does: recompute the HMAC over "t.body" with the secret and compare in constant time.</summary>
    public static bool SignatureIsValid(ReceivedRequest request, string secret, TimeSpan tolerance)
    {
        var header = request.Header("X-Webhook-Signature");
        var parts = header.Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        if (!parts.TryGetValue("t", out var t) || !parts.TryGetValue("v1", out var v1)
            || !long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var unix))
        {
            return false;
        }
        if (Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - unix) > tolerance.TotalSeconds)
        {
            return false;
        }
        var signed = Encoding.UTF8.GetBytes(t + ".").Concat(request.Body).ToArray();
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
        byte[] given;
        try
        {
            given = Convert.FromHexString(v1);
        }
        catch (FormatException)
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }
}
