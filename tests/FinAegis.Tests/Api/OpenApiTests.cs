using System.Net;
using System.Text.Json;
using FinAegis.Tests.Infrastructure;

namespace FinAegis.Tests.Api;

/// <summary>SPEC §11: the OpenAPI document and the interactive reference page, anonymous.</summary>
[Collection(ClusterCollection.Name)]
public sealed class OpenApiTests(ClusterFixture fixture)
{
    [Fact]
    public async Task The_openapi_document_lists_the_auth_and_accounts_paths()
    {
        var response = await fixture.CreateApiClient().GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = document.RootElement;
        Assert.StartsWith("3.", root.GetProperty("openapi").GetString());
        var paths = root.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();
        string[] expected =
        [
            "/api/auth/register", "/api/auth/login", "/api/auth/logout", "/api/auth/logout-all", "/api/auth/user", "/api/auth/tokens",
            "/api/auth/tokens/{id}", "/api/accounts", "/api/accounts/{uuid}", "/api/accounts/{uuid}/deposit", "/api/accounts/{uuid}/withdraw",
            "/api/accounts/{uuid}/freeze", "/api/accounts/{uuid}/unfreeze", "/api/accounts/{uuid}/balances",
            "/api/accounts/{uuid}/transactions", "/api/accounts/{uuid}/turnovers", "/api/accounts/{uuid}/events",
        ];
        var missing = expected.Where(path => !paths.Contains(path)).ToList();
        Assert.True(missing.Count == 0, $"missing: {string.Join(", ", missing)}; listed: {string.Join(", ", paths)}");
        var accounts = root.GetProperty("paths").GetProperty("/api/accounts");
        Assert.True(accounts.TryGetProperty("get", out _) && accounts.TryGetProperty("post", out _));
        Assert.True(root.GetProperty("paths").GetProperty("/api/accounts/{uuid}").TryGetProperty("delete", out _));
    }

    [Fact]
    public async Task The_scalar_reference_page_answers_html()
    {
        var response = await fixture.CreateApiClient().GetAsync("/scalar/v1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<html", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("openapi/v1.json", html, StringComparison.Ordinal);
    }
}
