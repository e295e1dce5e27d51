using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using FinAegis.Tests.Infrastructure;

namespace FinAegis.Tests.Api;

/// <summary>SPEC §4 through the real API host and silos: register, login, throttle, logout, tokens, abilities, bearer parsing.</summary>
[Collection(ClusterCollection.Name)]
public sealed class AuthApiTests(ClusterFixture fixture)
{
    private const string Password = "password-123";

    [Fact]
    public async Task Register_answers_201_with_the_user_and_a_bearer_token()
    {
        var client = fixture.CreateApiClient();
        var email = NewEmail();
        var body = await ApiAssert.OkJsonAsync(await client.PostAsJsonAsync("/api/auth/register", new { name = "Ada", email, password = Password }),
            HttpStatusCode.Created);

        var user = body.GetProperty("user");
        Assert.True(Guid.TryParse(user.GetProperty("uuid").GetString(), out _));
        Assert.Equal("Ada", user.GetProperty("name").GetString());
        Assert.Equal(email, user.GetProperty("email").GetString());
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        var token = body.GetProperty("access_token").GetString()!;
        Assert.Matches(@"^\d+\|\S+$", token);

        // The token works at once.
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var me = await ApiAssert.OkJsonAsync(await client.GetAsync("/api/auth/user"));
        Assert.Equal(user.GetProperty("uuid").GetString(), me.GetProperty("uuid").GetString());
        Assert.Equal(new List<string> { "*" }, me.GetProperty("abilities").EnumerateArray().Select(a => a.GetString()!).ToList());
        // Only the SHA-256 of the secret is stored.
        var stored = await fixture.Database.ScalarAsync<string>("SELECT token FROM personal_access_tokens WHERE id = @id",
            ("@id", long.Parse(token[..token.IndexOf('|')], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(64, stored!.Length);
        Assert.DoesNotContain(stored, token);
    }

    [Fact]
    public async Task Register_refuses_a_duplicate_email_a_short_password_and_missing_fields()
    {
        var client = fixture.CreateApiClient();
        var email = NewEmail();
        await ApiAssert.OkJsonAsync(await client.PostAsJsonAsync("/api/auth/register", new { name = "A", email, password = Password }), HttpStatusCode.Created);

        await ApiAssert.ValidationAsync(await client.PostAsJsonAsync("/api/auth/register", new { name = "B", email, password = Password }), "email");
        await ApiAssert.ValidationAsync(await client.PostAsJsonAsync("/api/auth/register", new { name = "B", email = email.ToUpperInvariant(), password = Password }), "email");
        await ApiAssert.ValidationAsync(await client.PostAsJsonAsync("/api/auth/register", new { name = "B", email = NewEmail(), password = "short" }), "password");
        await ApiAssert.ValidationAsync(await client.PostAsJsonAsync("/api/auth/register", new { name = "B", email = "not-an-email", password = Password }), "email");
        await ApiAssert.ValidationAsync(await client.PostAsync("/api/auth/register", ApiSession.Json("{}")), "name");
        await ApiAssert.ProblemAsync(await client.PostAsync("/api/auth/register", ApiSession.Json("{\"name\": 1}")), HttpStatusCode.BadRequest, "INVALID_JSON");
        await ApiAssert.ProblemAsync(await client.PostAsync("/api/auth/register", ApiSession.Json("{\"name\":")), HttpStatusCode.BadRequest, "INVALID_JSON");
        Assert.Equal(1L, await fixture.Database.ScalarAsync<long>("SELECT COUNT(*) FROM users WHERE email = @e", ("@e", email)));
    }

    [Fact]
    public async Task Login_answers_the_user_a_token_and_expires_in()
    {
        var (email, _) = await RegisterAsync();
        var client = fixture.CreateApiClient();
        var body = await ApiAssert.OkJsonAsync(await client.PostAsJsonAsync("/api/auth/login", new { email, password = Password, device_name = "laptop" }));

        Assert.Equal(email, body.GetProperty("user").GetProperty("email").GetString());
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        var expiresIn = body.GetProperty("expires_in").GetInt64();
        Assert.InRange(expiresIn, 24 * 3600 - 60, 24 * 3600); // the default lifetime is 24 h
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.GetProperty("access_token").GetString());
        await ApiAssert.OkJsonAsync(await client.GetAsync("/api/auth/user"));
    }

    [Fact]
    public async Task Wrong_passwords_answer_401_and_the_sixth_failure_in_a_minute_429_with_retry_after()
    {
        var (email, _) = await RegisterAsync();
        var client = fixture.CreateApiClient();
        for (var i = 0; i < 5; i++)
        {
            await ApiAssert.ProblemAsync(await client.PostAsJsonAsync("/api/auth/login", new { email, password = "wrong-password" }),
                HttpStatusCode.Unauthorized, "INVALID_CREDENTIALS", $"failure {i + 1}");
        }
        var limited = await client.PostAsJsonAsync("/api/auth/login", new { email, password = "wrong-password" });
        await ApiAssert.ProblemAsync(limited, HttpStatusCode.TooManyRequests, "RATE_LIMITED");
        Assert.True(int.TryParse(limited.Headers.GetValues("Retry-After").Single(), out var seconds) && seconds is > 0 and <= 60);
        // While throttled even the right password is refused, so guessing gains nothing.
        await ApiAssert.ProblemAsync(await client.PostAsJsonAsync("/api/auth/login", new { email, password = Password }),
            HttpStatusCode.TooManyRequests, "RATE_LIMITED");
        // An unknown email is refused the same way as a wrong password.
        await ApiAssert.ProblemAsync(await client.PostAsJsonAsync("/api/auth/login", new { email = NewEmail(), password = Password }),
            HttpStatusCode.Unauthorized, "INVALID_CREDENTIALS");
        await ApiAssert.ValidationAsync(await client.PostAsync("/api/auth/login", ApiSession.Json("{}")), "email");
    }

    [Fact]
    public async Task Logout_revokes_the_current_token_only()
    {
        var (email, _) = await RegisterAsync();
        var first = await LoginAsync(email);
        var second = await LoginAsync(email);
        await ApiAssert.OkJsonAsync(await first.GetAsync("/api/auth/user"));

        var logout = await first.PostAsync("/api/auth/logout", null);
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);

        await ApiAssert.ProblemAsync(await first.GetAsync("/api/auth/user"), HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        await ApiAssert.ProblemAsync(await first.GetAsync("/api/accounts"), HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        await ApiAssert.OkJsonAsync(await second.GetAsync("/api/auth/user"));
    }

    [Fact]
    public async Task Logout_all_revokes_every_token_of_the_user()
    {
        var (email, registered) = await RegisterAsync();
        var first = await LoginAsync(email);
        var second = await LoginAsync(email);
        await ApiAssert.OkJsonAsync(await second.GetAsync("/api/auth/user")); // cached before the logout

        Assert.Equal(HttpStatusCode.NoContent, (await first.PostAsync("/api/auth/logout-all", null)).StatusCode);

        foreach (var client in new[] { first, second, registered })
        {
            await ApiAssert.ProblemAsync(await client.GetAsync("/api/auth/user"), HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        }
        // Logging in again works.
        await ApiAssert.OkJsonAsync(await (await LoginAsync(email)).GetAsync("/api/auth/user"));
    }

    [Fact]
    public async Task Tokens_are_created_listed_and_revoked_and_a_revoked_token_is_refused_at_once()
    {
        var (_, owner) = await RegisterAsync();
        var created = await ApiAssert.OkJsonAsync(await owner.PostAsJsonAsync("/api/auth/tokens",
            new { name = "ci", abilities = new[] { "accounts:read" }, expires_in_days = 7 }), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt64();
        var token = created.GetProperty("token").GetString()!;
        Assert.StartsWith($"{id}|", token);
        Assert.Equal(new List<string> { "accounts:read" }, created.GetProperty("abilities").EnumerateArray().Select(a => a.GetString()!).ToList());
        var expiresAt = created.GetProperty("expires_at").GetDateTimeOffset();
        Assert.InRange(expiresAt, DateTimeOffset.UtcNow.AddDays(7).AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(7).AddMinutes(5));

        var list = await ApiAssert.OkJsonAsync(await owner.GetAsync("/api/auth/tokens"));
        var listed = list.GetProperty("data").EnumerateArray().Single(t => t.GetProperty("id").GetInt64() == id);
        Assert.Equal("ci", listed.GetProperty("name").GetString());
        Assert.False(listed.TryGetProperty("token", out _), "the list never shows secrets");
        Assert.True(list.TryGetProperty("next_cursor", out _));

        var scoped = Bearer(token);
        await ApiAssert.OkJsonAsync(await scoped.GetAsync("/api/accounts")); // now cached by this API instance
        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/api/auth/tokens/{id}")).StatusCode);
        await ApiAssert.ProblemAsync(await scoped.GetAsync("/api/accounts"), HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        Assert.DoesNotContain((await ApiAssert.OkJsonAsync(await owner.GetAsync("/api/auth/tokens"))).GetProperty("data").EnumerateArray(),
            t => t.GetProperty("id").GetInt64() == id);

        // Revoking again, an unknown id, or another user's token: 404 alike.
        await ApiAssert.ProblemAsync(await owner.DeleteAsync($"/api/auth/tokens/{id}"), HttpStatusCode.NotFound, "NOT_FOUND");
        var (_, stranger) = await RegisterAsync();
        var strangers = await ApiAssert.OkJsonAsync(await stranger.PostAsJsonAsync("/api/auth/tokens",
            new { name = "x", abilities = new[] { "accounts:read" } }), HttpStatusCode.Created);
        await ApiAssert.ProblemAsync(await owner.DeleteAsync($"/api/auth/tokens/{strangers.GetProperty("id").GetInt64()}"), HttpStatusCode.NotFound, "NOT_FOUND");
        await ApiAssert.OkJsonAsync(await Bearer(strangers.GetProperty("token").GetString()!).GetAsync("/api/accounts"));
    }

    [Fact]
    public async Task Token_requests_are_validated()
    {
        var (_, owner) = await RegisterAsync();
        await ApiAssert.ValidationAsync(await owner.PostAsJsonAsync("/api/auth/tokens", new { name = "x", abilities = Array.Empty<string>() }), "abilities");
        await ApiAssert.ValidationAsync(await owner.PostAsJsonAsync("/api/auth/tokens", new { name = "x", abilities = new[] { "root" } }), "abilities");
        await ApiAssert.ValidationAsync(await owner.PostAsJsonAsync("/api/auth/tokens", new { name = "x", abilities = new[] { "*" }, expires_in_days = 0 }), "expires_in_days");
        await ApiAssert.ValidationAsync(await owner.PostAsJsonAsync("/api/auth/tokens", new { abilities = new[] { "*" } }), "name");
        await ApiAssert.ProblemAsync(await owner.PostAsync("/api/auth/tokens", ApiSession.Json("{\"name\":\"x\",\"abilities\":\"*\"}")),
            HttpStatusCode.BadRequest, "INVALID_JSON");
        await ApiAssert.ProblemAsync(await owner.PostAsync("/api/auth/tokens", ApiSession.Json("{\"name\":\"x\",\"abilities\":[\"*\"],\"expires_in_days\":99999999999}")),
            HttpStatusCode.BadRequest, "INVALID_JSON");
        // A user cannot mint abilities they do not have.
        await ApiAssert.ProblemAsync(await owner.PostAsJsonAsync("/api/auth/tokens", new { name = "x", abilities = new[] { "admin" } }),
            HttpStatusCode.Forbidden, "FORBIDDEN");
        await ApiAssert.ValidationAsync(await owner.GetAsync("/api/auth/tokens?limit=0"), "limit");
        await ApiAssert.ValidationAsync(await owner.GetAsync("/api/auth/tokens?cursor=%%%"), "cursor");
        await ApiAssert.ProblemAsync(await owner.DeleteAsync("/api/auth/tokens/abc"), HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task A_token_without_the_ability_a_route_needs_answers_403()
    {
        var (_, owner) = await RegisterAsync();
        var account = await ApiSession.OpenAccountAsync(owner);
        var readOnly = Bearer(await CreateTokenAsync(owner, "accounts:read"));

        await ApiAssert.OkJsonAsync(await readOnly.GetAsync($"/api/accounts/{account}"));
        var before = await ApiAssert.AccountFingerprintAsync(fixture, owner, account);
        await ApiAssert.ProblemAsync(await readOnly.PostAsJsonAsync($"/api/accounts/{account}/deposit", new { amount = "1.00" }), HttpStatusCode.Forbidden, "FORBIDDEN");
        await ApiAssert.ProblemAsync(await readOnly.PostAsJsonAsync($"/api/accounts/{account}/withdraw", new { amount = "1.00" }), HttpStatusCode.Forbidden, "FORBIDDEN");
        await ApiAssert.ProblemAsync(await readOnly.PostAsJsonAsync("/api/accounts", new { name = "x" }), HttpStatusCode.Forbidden, "FORBIDDEN");
        await ApiAssert.ProblemAsync(await readOnly.DeleteAsync($"/api/accounts/{account}"), HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.Equal(before, await ApiAssert.AccountFingerprintAsync(fixture, owner, account));

        var writeOnly = Bearer(await CreateTokenAsync(owner, "accounts:write"));
        await ApiAssert.ProblemAsync(await writeOnly.GetAsync($"/api/accounts/{account}"), HttpStatusCode.Forbidden, "FORBIDDEN");
        await ApiAssert.OkJsonAsync(await writeOnly.PostAsJsonAsync($"/api/accounts/{account}/deposit", new { amount = "1.00" }));

        // `*` is everything but admin: a user's full token cannot freeze.
        await ApiAssert.ProblemAsync(await owner.PostAsJsonAsync($"/api/accounts/{account}/freeze", new { reason = "mine" }), HttpStatusCode.Forbidden, "FORBIDDEN");
        await ApiAssert.ProblemAsync(await owner.PostAsJsonAsync($"/api/accounts/{account}/unfreeze", new { reason = "mine" }), HttpStatusCode.Forbidden, "FORBIDDEN");
    }

    [Fact]
    public async Task An_expired_token_answers_401()
    {
        var (_, owner) = await RegisterAsync();
        var created = await ApiAssert.OkJsonAsync(await owner.PostAsJsonAsync("/api/auth/tokens",
            new { name = "short-lived", abilities = new[] { "*" }, expires_in_days = 1 }), HttpStatusCode.Created);
        // Expire it in the database before this API instance ever saw it used (nothing cached).
        Assert.Equal(1, await fixture.Database.ExecuteAsync("UPDATE personal_access_tokens SET expires_at = NOW() - INTERVAL 2 DAY WHERE id = @id",
            ("@id", created.GetProperty("id").GetInt64())));

        var expired = Bearer(created.GetProperty("token").GetString()!);
        await ApiAssert.ProblemAsync(await expired.GetAsync("/api/auth/user"), HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        await ApiAssert.ProblemAsync(await expired.GetAsync("/api/accounts"), HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer")]
    [InlineData("Bearer ")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer garbage")]
    [InlineData("Bearer 1|")]
    [InlineData("Bearer |abcdef")]
    [InlineData("Bearer -1|abcdefabcdefabcdefabcdefabcdefabcdefabcd")]
    [InlineData("Bearer 99999999999999999999999|abcdefabcdefabcdefabcdefabcdefabcdefabcd")]
    [InlineData("Bearer 987654321|abcdefabcdefabcdefabcdefabcdefabcdefabcd")]
    [InlineData("Bearer 1|abc def")]
    [InlineData("Bearer ×|ünïcödé")]
    public async Task Missing_garbage_or_malformed_bearer_tokens_answer_401_unauthenticated(string? header)
    {
        var client = fixture.CreateApiClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/accounts");
        if (header is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", header);
        }
        var response = await client.SendAsync(request);
        await ApiAssert.ProblemAsync(response, HttpStatusCode.Unauthorized, "UNAUTHENTICATED", header);
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task A_huge_authorization_header_answers_401_not_500()
    {
        var client = fixture.CreateApiClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/logout");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer 12|" + new string('a', 16_000));
        await ApiAssert.ProblemAsync(await client.SendAsync(request), HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
    }

    private static string NewEmail() => $"a{Guid.NewGuid():N}@example.com";

    private async Task<(string Email, HttpClient Client)> RegisterAsync()
    {
        var client = fixture.CreateApiClient();
        var email = NewEmail();
        var body = await ApiAssert.OkJsonAsync(await client.PostAsJsonAsync("/api/auth/register", new { name = "User", email, password = Password }),
            HttpStatusCode.Created);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.GetProperty("access_token").GetString());
        return (email, client);
    }

    private async Task<HttpClient> LoginAsync(string email)
    {
        var client = fixture.CreateApiClient();
        var body = await ApiAssert.OkJsonAsync(await client.PostAsJsonAsync("/api/auth/login", new { email, password = Password }));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.GetProperty("access_token").GetString());
        return client;
    }

    private static async Task<string> CreateTokenAsync(HttpClient owner, params string[] abilities)
    {
        var created = await ApiAssert.OkJsonAsync(await owner.PostAsJsonAsync("/api/auth/tokens", new { name = "scoped", abilities }), HttpStatusCode.Created);
        return created.GetProperty("token").GetString()!;
    }

    private HttpClient Bearer(string token)
    {
        var client = fixture.CreateApiClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
