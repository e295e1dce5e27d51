using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FinAegis.Tests.Infrastructure;

namespace FinAegis.Tests.Api;

/// <summary>Assertions on the API's answers: RFC 9457 problems with their SPEC §3 codes, and "nothing changed".</summary>
internal static class ApiAssert
{
    /// <summary>The answer is a problem+json of this status and `error` code (type, title, status, detail present).</summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code, string? context = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        var where = $"{context} {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: expected {(int)status} {code}, got {(int)response.StatusCode} {text}";
        Assert.True(response.StatusCode == status, where);
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"{where} (content type {response.Content.Headers.ContentType})");
        var body = JsonDocument.Parse(text).RootElement.Clone();
        Assert.True(body.TryGetProperty("error", out var error) && error.GetString() == code, where);
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        Assert.Equal(JsonValueKind.String, body.GetProperty("type").ValueKind);
        Assert.Equal(JsonValueKind.String, body.GetProperty("title").ValueKind);
        Assert.Equal(JsonValueKind.String, body.GetProperty("detail").ValueKind);
        return body;
    }

    /// <summary>A 422 VALIDATION_FAILED naming <paramref name="field"/> in `errors`.</summary>
    public static async Task<JsonElement> ValidationAsync(HttpResponseMessage response, string field, string? context = null)
    {
        var body = await ProblemAsync(response, HttpStatusCode.UnprocessableEntity, "VALIDATION_FAILED", context);
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out var messages) && messages.GetArrayLength() > 0,
            $"{context}: no error for '{field}' in {body}");
        return body;
    }

    public static async Task<JsonElement> OkJsonAsync(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status,
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: expected {(int)status}, got {(int)response.StatusCode} {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>What an account looks like from outside: its balances and version (the API) and its stored events (SQL).</summary>
    public static async Task<string> AccountFingerprintAsync(ClusterFixture fixture, HttpClient owner, Guid account)
    {
        var data = (await OkJsonAsync(await owner.GetAsync($"/api/accounts/{account}"))).GetProperty("data");
        var events = await fixture.Database.ScalarAsync<long>("SELECT COUNT(*) FROM stored_events WHERE aggregate_uuid = @a", ("@a", account.ToString()));
        var keys = await fixture.Database.ScalarAsync<long>(
            "SELECT COUNT(*) FROM idempotency_keys WHERE JSON_UNQUOTE(JSON_EXTRACT(result_json, '$.account_uuid')) = @a", ("@a", account.ToString()));
        return $"status={data.GetProperty("status")} version={data.GetProperty("version")} balances={data.GetProperty("balances")} events={events} keys={keys}";
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, object body) => client.PostAsJsonAsync(path, body);

    /// <summary>A new Idempotency-Key.</summary>
    public static string NewIdempotencyKey() => "k_" + Guid.NewGuid().ToString("N");

    /// <summary>POSTs <paramref name="body"/> to one of an account's money routes (deposit, withdraw, ...) under an Idempotency-Key.</summary>
    public static Task<HttpResponseMessage> SendKeyedAsync(HttpClient client, Guid account, string route, string key, object body)
        => SendKeyedAsync(client, $"/api/accounts/{account}/{route}", key, body);

    /// <summary>POSTs <paramref name="body"/> to <paramref name="path"/> under an Idempotency-Key.</summary>
    public static async Task<HttpResponseMessage> SendKeyedAsync(HttpClient client, string path, string key, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return await client.SendAsync(request);
    }

    public static async Task<JsonElement> DepositAsync(HttpClient client, Guid account, string amount, string asset = "USD")
    {
        var response = await client.PostAsJsonAsync($"/api/accounts/{account}/deposit", new { amount, asset_code = asset });
        return (await OkJsonAsync(response)).GetProperty("data");
    }
}
