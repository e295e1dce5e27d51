using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FinAegis.Tests.Infrastructure;

namespace FinAegis.Tests.Webhooks;

/// <summary>Webhook administration and its 422s, on the shared cluster (which refuses private addresses).</summary>
[Collection(ClusterCollection.Name)]
public sealed class WebhookValidationTests(ClusterFixture fixture)
{
    // A public address literal: passes the address policy without DNS, and no test event is subscribed to reach it.
    private const string PublicUrl = "https://93.184.215.14/finaegis-hook";

    [Theory]
    [InlineData("ftp://example.com/hook", "url")]
    [InlineData("not a url", "url")]
    [InlineData("http://127.0.0.1:9/hook", "url")]
    [InlineData("http://localhost/hook", "url")]
    [InlineData("http://10.1.2.3/hook", "url")]
    [InlineData("http://192.168.0.10/hook", "url")]
    [InlineData("http://169.254.169.254/latest/meta-data", "url")]
    [InlineData("http://[::1]/hook", "url")]
    [InlineData("http://[::ffff:127.0.0.1]/hook", "url")]
    [InlineData("http://user:pass@93.184.215.14/hook", "url")]
    public async Task Bad_and_private_urls_are_refused(string url, string field)
    {
        var admin = await ApiSession.AdminAsync(fixture);
        await AssertInvalidAsync(admin, new { name = "x", url, events = new[] { "poll.created" } }, field);
    }

    [Fact]
    public async Task Bad_fields_are_refused_with_clear_422s()
    {
        var admin = await ApiSession.AdminAsync(fixture);
        await AssertInvalidAsync(admin, new { name = "x", url = PublicUrl, events = new[] { "account.exploded" } }, "events");
        await AssertInvalidAsync(admin, new { name = "x", url = PublicUrl, events = Array.Empty<string>() }, "events");
        await AssertInvalidAsync(admin, new { name = "x", url = PublicUrl }, "events");
        await AssertInvalidAsync(admin, new { name = "", url = PublicUrl, events = new[] { "poll.created" } }, "name");
        await AssertInvalidAsync(admin, new { name = "x", url = PublicUrl, events = new[] { "poll.created" }, timeout_seconds = 0 }, "timeout_seconds");
        await AssertInvalidAsync(admin, new { name = "x", url = PublicUrl, events = new[] { "poll.created" }, timeout_seconds = 31 }, "timeout_seconds");
        await AssertInvalidAsync(admin, new { name = "x", url = PublicUrl, events = new[] { "poll.created" }, retry_attempts = -1 }, "retry_attempts");
        await AssertInvalidAsync(admin, new { name = "x", url = PublicUrl, events = new[] { "poll.created" }, retry_attempts = 11 }, "retry_attempts");
        var big = new string('a', 1001);
        await AssertInvalidAsync(admin, new { name = "x", url = PublicUrl, events = new[] { "poll.created" }, headers = new Dictionary<string, string> { ["X-Big"] = big } }, "headers");
        var many = Enumerable.Range(0, 21).ToDictionary(i => "X-H" + i, i => "v");
        await AssertInvalidAsync(admin, new { name = "x", url = PublicUrl, events = new[] { "poll.created" }, headers = many }, "headers");
        await AssertInvalidAsync(admin, new { name = "x", url = PublicUrl, events = new[] { "poll.created" }, headers = new Dictionary<string, string> { ["X-Webhook-Signature"] = "forged" } }, "headers");
        await AssertInvalidAsync(admin, new { name = "x", url = PublicUrl, events = new[] { "poll.created" }, headers = new Dictionary<string, string> { ["Host"] = "internal" } }, "headers");
        await AssertInvalidAsync(admin, new { name = "x", url = PublicUrl, events = new[] { "poll.created" }, headers = new Dictionary<string, string> { ["X-Bad"] = "a\r\nInjected: 1" } }, "headers");
        await AssertInvalidAsync(admin, new { name = "x", url = PublicUrl, events = new[] { "poll.created" }, headers = new Dictionary<string, string> { ["Bad Name"] = "v" } }, "headers");

        var wrongType = await admin.PostAsync("/api/webhooks", ApiSession.Json("""{"name": "x", "url": "https://93.184.215.14/", "events": "poll.created"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
    }

    [Fact]
    public async Task Administrators_manage_webhooks_and_the_secret_is_shown_only_on_create_and_rotate()
    {
        var admin = await ApiSession.AdminAsync(fixture);
        var created = await admin.PostAsJsonAsync("/api/webhooks", new
        {
            name = "Ledger sync", url = PublicUrl, events = new[] { "poll.created", "rate.updated" }, is_active = false,
            headers = new Dictionary<string, string> { ["X-Tenant"] = "acme" },
        });
        var body = await ApiSession.ReadJsonAsync(created);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var data = body.GetProperty("data");
        var id = data.GetProperty("id").GetInt64();
        var secret = data.GetProperty("secret").GetString()!;
        Assert.Matches("^whsec_[A-Za-z0-9_-]{43}$", secret);
        Assert.Equal(30, data.GetProperty("timeout_seconds").GetInt32());
        Assert.Equal(3, data.GetProperty("retry_attempts").GetInt32());
        Assert.False(data.GetProperty("is_active").GetBoolean());

        var got = await ApiSession.ReadJsonAsync(await admin.GetAsync($"/api/webhooks/{id}"));
        Assert.False(got.GetProperty("data").TryGetProperty("secret", out _));
        Assert.Equal("acme", got.GetProperty("data").GetProperty("headers").GetProperty("X-Tenant").GetString());
        var listed = await ApiSession.ReadJsonAsync(await admin.GetAsync("/api/webhooks?limit=100"));
        Assert.Contains(listed.GetProperty("data").EnumerateArray(), w => w.GetProperty("id").GetInt64() == id && !w.TryGetProperty("secret", out _));

        var updated = await admin.PutAsync($"/api/webhooks/{id}", ApiSession.Json("""{"name": "Renamed", "timeout_seconds": 5, "events": ["rate.updated"]}"""));
        var updatedBody = await ApiSession.ReadJsonAsync(updated);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("Renamed", updatedBody.GetProperty("data").GetProperty("name").GetString());
        Assert.Equal(5, updatedBody.GetProperty("data").GetProperty("timeout_seconds").GetInt32());
        Assert.Equal(["rate.updated"], updatedBody.GetProperty("data").GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        var badUpdate = await admin.PutAsync($"/api/webhooks/{id}", ApiSession.Json("""{"url": "http://127.0.0.1/"}"""));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badUpdate.StatusCode);

        var rotated = await ApiSession.ReadJsonAsync(await admin.PostAsync($"/api/webhooks/{id}/rotate-secret", null));
        var newSecret = rotated.GetProperty("data").GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", newSecret);
        Assert.NotEqual(secret, newSecret);

        var deliveries = await ApiSession.ReadJsonAsync(await admin.GetAsync($"/api/webhooks/{id}/deliveries?status=failed"));
        Assert.Equal(0, deliveries.GetProperty("data").GetArrayLength());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await admin.GetAsync($"/api/webhooks/{id}/deliveries?status=lost")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync($"/api/webhooks/{id}/deliveries/999999999/redeliver", null)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/webhooks/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/webhooks/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/webhooks/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/webhooks/abc")).StatusCode);
    }

    [Fact]
    public async Task Only_administrators_manage_webhooks_but_anyone_reads_the_catalogue()
    {
        var (user, _) = await ApiSession.RegisterAsync(fixture);
        var refused = await user.PostAsJsonAsync("/api/webhooks", new { name = "x", url = PublicUrl, events = new[] { "poll.created" } });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync("/api/webhooks")).StatusCode);

        var anonymous = fixture.CreateApiClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/webhooks")).StatusCode);
        var catalogue = await anonymous.GetAsync("/api/webhooks/events");
        Assert.Equal(HttpStatusCode.OK, catalogue.StatusCode);
        var names = (await ApiSession.ReadJsonAsync(catalogue)).GetProperty("data").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(16, names.Count);
        Assert.Contains("balance.low_balance", names);
        Assert.Contains("rate.updated", names);
    }

    private static async Task AssertInvalidAsync(HttpClient admin, object body, string field)
    {
        var response = await admin.PostAsJsonAsync("/api/webhooks", body);
        var problem = await ApiSession.ReadJsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"{JsonSerializer.Serialize(body)} → {(int)response.StatusCode} {problem}");
        Assert.Equal("VALIDATION_FAILED", problem.GetProperty("error").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }
}
