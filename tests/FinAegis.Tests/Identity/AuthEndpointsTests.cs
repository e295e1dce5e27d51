using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using FinAegis.Grains.Identity;
using Microsoft.Extensions.Logging.Abstractions;

namespace FinAegis.Tests.Identity;

/// <summary>SPEC §4 over HTTP: status codes, JSON shapes and problem codes of /api/auth.</summary>
public sealed class AuthEndpointsTests(IdentityApiFixture fx) : IClassFixture<IdentityApiFixture>
{
    private const string Password = "correct horse battery";

    private HttpClient Http => fx.Client;

    private async Task<(string Email, string Token)> RegisterAsync()
    {
        var email = IdentityClusterFixture.NewEmail();
        var response = await Http.PostAsJsonAsync("/api/auth/register", new { name = "Ada", email, password = Password });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await Json(response);
        return (email, body.GetProperty("access_token").GetString()!);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        return await Http.SendAsync(request);
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, (await Json(response)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Register_answers_201_with_the_user_and_a_bearer_token()
    {
        var email = IdentityClusterFixture.NewEmail();
        var response = await Http.PostAsJsonAsync("/api/auth/register", new { name = "Ada", email, password = Password });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await Json(response);
        Assert.Equal(email, body.GetProperty("user").GetProperty("email").GetString());
        Assert.True(Guid.TryParse(body.GetProperty("user").GetProperty("uuid").GetString(), out _));
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        Assert.Matches(@"^\d+\|[A-Za-z0-9]{40}$", body.GetProperty("access_token").GetString());
    }

    [Fact]
    public async Task Invalid_and_duplicate_registrations_are_422_with_field_errors()
    {
        var (email, _) = await RegisterAsync();

        var duplicate = await Http.PostAsJsonAsync("/api/auth/register", new { name = "B", email = email.ToUpperInvariant(), password = Password });
        var invalid = await Http.PostAsJsonAsync("/api/auth/register", new { email = "nope", password = "short" });

        await AssertProblem(duplicate, HttpStatusCode.UnprocessableEntity, "VALIDATION_FAILED");
        Assert.True((await Json(duplicate)).GetProperty("errors").TryGetProperty("email", out _));
        var errors = (await Json(invalid)).GetProperty("errors");
        Assert.Equal(["email", "name", "password"], errors.EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public async Task Login_gives_a_token_with_expires_in_and_wrong_credentials_are_401()
    {
        var (email, _) = await RegisterAsync();

        var ok = await Http.PostAsJsonAsync("/api/auth/login", new { email, password = Password, device_name = "cli" });
        var wrong = await Http.PostAsJsonAsync("/api/auth/login", new { email, password = "wrong password" });

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var body = await Json(ok);
        Assert.InRange(body.GetProperty("expires_in").GetInt64(), 86_390, 86_400);
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        await AssertProblem(wrong, HttpStatusCode.Unauthorized, "INVALID_CREDENTIALS");
    }

    [Fact]
    public async Task The_sixth_login_after_five_failures_is_429_with_retry_after()
    {
        var (email, _) = await RegisterAsync();
        for (var i = 0; i < 5; i++)
        {
            await Http.PostAsJsonAsync("/api/auth/login", new { email, password = "wrong password" });
        }

        var limited = await Http.PostAsJsonAsync("/api/auth/login", new { email, password = Password });

        await AssertProblem(limited, HttpStatusCode.TooManyRequests, "RATE_LIMITED");
        Assert.InRange(limited.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
    }

    [Fact]
    public async Task Without_a_valid_token_protected_routes_are_401_unauthenticated()
    {
        await AssertProblem(await SendAsync(HttpMethod.Get, "/api/auth/user", null), HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        await AssertProblem(await SendAsync(HttpMethod.Get, "/api/auth/user", "garbage"), HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        await AssertProblem(await SendAsync(HttpMethod.Get, "/api/auth/user", "1|abcdefghijABCDEFGHIJ0123456789abcdefghij"),
            HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
    }

    [Fact]
    public async Task The_current_user_shows_the_tokens_abilities()
    {
        var (email, token) = await RegisterAsync();

        var response = await SendAsync(HttpMethod.Get, "/api/auth/user", token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await Json(response);
        Assert.Equal(email, body.GetProperty("email").GetString());
        Assert.Equal(["*"], body.GetProperty("abilities").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task A_narrow_token_is_forbidden_on_routes_needing_more_and_cannot_mint_wider_tokens()
    {
        var (_, token) = await RegisterAsync();
        var created = await SendAsync(HttpMethod.Post, "/api/auth/tokens", token, new { name = "ro", abilities = new[] { "accounts:read" }, expires_in_days = 7 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await Json(created);
        var narrow = body.GetProperty("token").GetString()!;

        await AssertProblem(await SendAsync(HttpMethod.Get, "/api/probe/write", narrow), HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/api/probe/write", token)).StatusCode);
        await AssertProblem(await SendAsync(HttpMethod.Get, "/api/probe/admin", token), HttpStatusCode.Forbidden, "FORBIDDEN");
        await AssertProblem(await SendAsync(HttpMethod.Post, "/api/auth/tokens", narrow, new { name = "w", abilities = new[] { "accounts:write" } }),
            HttpStatusCode.Forbidden, "FORBIDDEN");
        await AssertProblem(await SendAsync(HttpMethod.Post, "/api/auth/tokens", token, new { name = "x", abilities = new[] { "root" } }),
            HttpStatusCode.UnprocessableEntity, "VALIDATION_FAILED");
        Assert.Equal(["accounts:read"], body.GetProperty("abilities").EnumerateArray().Select(a => a.GetString()));
        Assert.True(body.TryGetProperty("expires_at", out _));
    }

    [Fact]
    public async Task The_bootstrapped_admins_login_token_passes_admin_routes()
    {
        var email = IdentityClusterFixture.NewEmail("admin");
        var bootstrapper = new AdminBootstrapper(fx.Cluster.Store, new PasswordHasher(fx.Cluster.OptionsSnapshot), fx.Cluster.OptionsSnapshot,
            NullLogger<AdminBootstrapper>.Instance);
        await bootstrapper.EnsureAdminAsync(email, Password);

        var login = await Json(await Http.PostAsJsonAsync("/api/auth/login", new { email, password = Password }));
        var token = login.GetProperty("access_token").GetString();

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/api/probe/admin", token)).StatusCode);
    }

    [Fact]
    public async Task Logout_revokes_the_token_at_once()
    {
        var (_, token) = await RegisterAsync();
        await fx.Poller.PollOnceAsync(); // the cache now keeps what it resolves
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/api/auth/user", token)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(HttpMethod.Post, "/api/auth/logout", token)).StatusCode);

        await AssertProblem(await SendAsync(HttpMethod.Get, "/api/auth/user", token), HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
    }

    [Fact]
    public async Task A_revocation_made_elsewhere_reaches_this_instance_through_the_poller()
    {
        var (email, token) = await RegisterAsync();
        await fx.Poller.PollOnceAsync();
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/api/auth/user", token)).StatusCode);
        var user = await fx.Cluster.Store.FindUserByEmailAsync(email);

        await fx.Cluster.Identity.LogoutAll(user!.Uuid); // as another API instance would
        await fx.Poller.PollOnceAsync();

        await AssertProblem(await SendAsync(HttpMethod.Get, "/api/auth/user", token), HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
    }

    [Fact]
    public async Task Tokens_are_listed_in_pages_and_deleted_by_their_owner_only()
    {
        var (_, token) = await RegisterAsync();
        var (_, stranger) = await RegisterAsync();
        for (var i = 0; i < 2; i++)
        {
            await SendAsync(HttpMethod.Post, "/api/auth/tokens", token, new { name = $"t{i}", abilities = new[] { "accounts:read" } });
        }

        var first = await Json(await SendAsync(HttpMethod.Get, "/api/auth/tokens?limit=2", token));
        var cursor = first.GetProperty("next_cursor").GetString();
        var second = await Json(await SendAsync(HttpMethod.Get, $"/api/auth/tokens?limit=2&cursor={cursor}", token));
        var id = first.GetProperty("data")[0].GetProperty("id").GetInt64();

        Assert.Equal(2, first.GetProperty("data").GetArrayLength());
        Assert.Equal(1, second.GetProperty("data").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next_cursor").ValueKind);
        Assert.False(first.GetProperty("data")[0].TryGetProperty("token", out _));
        await AssertProblem(await SendAsync(HttpMethod.Get, "/api/auth/tokens?limit=0", token), HttpStatusCode.UnprocessableEntity, "VALIDATION_FAILED");
        await AssertProblem(await SendAsync(HttpMethod.Get, "/api/auth/tokens?cursor=%21%21", token), HttpStatusCode.UnprocessableEntity, "VALIDATION_FAILED");
        await AssertProblem(await SendAsync(HttpMethod.Delete, $"/api/auth/tokens/{id}", stranger), HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(HttpMethod.Delete, $"/api/auth/tokens/{id}", token)).StatusCode);
        var after = await Json(await SendAsync(HttpMethod.Get, "/api/auth/tokens?limit=2", token));
        Assert.Equal(2, after.GetProperty("data").GetArrayLength()); // three minus the deleted one
        Assert.DoesNotContain(after.GetProperty("data").EnumerateArray(), t => t.GetProperty("id").GetInt64() == id);
    }
}
