using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using FinAegis.Grains.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace FinAegis.Tests.Infrastructure;

/// <summary>Helpers for driving the real API: users, tokens, accounts, and JSON bodies.</summary>
public static class ApiSession
{
    public static async Task<(HttpClient Client, Guid UserUuid)> RegisterAsync(ClusterFixture fixture, string? name = null)
    {
        var client = fixture.CreateApiClient();
        var email = $"u{Guid.NewGuid():N}@example.com";
        var response = await client.PostAsJsonAsync("/api/auth/register", new { name = name ?? "Test User", email, password = "password-123" });
        var body = await ReadJsonAsync(response);
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.GetProperty("access_token").GetString());
        return (client, body.GetProperty("user").GetProperty("uuid").GetGuid());
    }

    /// <summary>An administrator created the way the silo does at start-up, logged in.</summary>
    public static async Task<HttpClient> AdminAsync(ClusterFixture fixture)
    {
        var email = $"admin{Guid.NewGuid():N}@example.com";
        var bootstrapper = fixture.Cluster.GetSiloServiceProvider().GetRequiredService<AdminBootstrapper>();
        await bootstrapper.EnsureAdminAsync(email, "admin-password-1", CancellationToken.None);
        var client = fixture.CreateApiClient();
        var response = await client.PostAsJsonAsync("/api/auth/login", new { email, password = "admin-password-1" });
        var body = await ReadJsonAsync(response);
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.GetProperty("access_token").GetString());
        return client;
    }

    public static async Task<Guid> OpenAccountAsync(HttpClient client, string name = "Main")
    {
        var response = await client.PostAsJsonAsync("/api/accounts", new { name });
        var body = await ReadJsonAsync(response);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, body.ToString());
        return body.GetProperty("data").GetProperty("uuid").GetGuid();
    }

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return string.IsNullOrEmpty(text) ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public static StringContent Json(string raw) => new(raw, System.Text.Encoding.UTF8, "application/json");
}
