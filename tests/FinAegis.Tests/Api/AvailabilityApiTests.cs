using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using FinAegis.Api.Identity;
using FinAegis.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FinAegis.Tests.Api;

/// <summary>
/// SPEC §3/§11: with no silo up, the API answers 503 UNAVAILABLE within its deadline (never a hang, never a 500), and
/// only the readiness probe fails. Its own cluster, since it stops every silo.
/// </summary>
public sealed class AvailabilityApiTests(AvailabilityApiTests.Fixture fixture) : IClassFixture<AvailabilityApiTests.Fixture>
{
    public sealed class Fixture : ClusterFixture
    {
        protected override int ApiGrainTimeoutSeconds => 3;
    }

    /// <summary>The grain deadline plus room for a slow machine; a hang would run far past it.</summary>
    private static readonly TimeSpan _bound = TimeSpan.FromSeconds(12);

    [Fact]
    public async Task With_every_silo_stopped_requests_answer_503_promptly_and_only_readiness_fails()
    {
        var (owner, _) = await ApiSession.RegisterAsync(fixture);
        // Once the revocation poller has synchronised the token cache, the owner's token is served from memory.
        var cache = fixture.ApiServices.GetRequiredService<TokenCache>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!cache.Synchronized && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        Assert.True(cache.Synchronized);
        var account = await ApiSession.OpenAccountAsync(owner);
        await ApiAssert.DepositAsync(owner, account, "10");
        var anonymous = fixture.CreateApiClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live")).StatusCode);
        // A token this API instance has never seen: resolving it needs the cluster too.
        var created = await ApiAssert.OkJsonAsync(await owner.PostAsJsonAsync("/api/auth/tokens", new { name = "unseen", abilities = new[] { "*" } }),
            HttpStatusCode.Created);
        var unseen = fixture.CreateApiClient();
        unseen.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created.GetProperty("token").GetString());

        await fixture.Cluster.StopAllSilosAsync();

        var attempts = new (string Name, Func<Task<HttpResponseMessage>> Send)[]
        {
            ("get", () => owner.GetAsync($"/api/accounts/{account}")),
            ("deposit", () => owner.PostAsJsonAsync($"/api/accounts/{account}/deposit", new { amount = "1" })),
            ("keyed withdraw", () => SendKeyedAsync(owner, account)),
            ("list", () => owner.GetAsync("/api/accounts")),
            ("transactions", () => owner.GetAsync($"/api/accounts/{account}/transactions")),
            ("login", () => anonymous.PostAsJsonAsync("/api/auth/login", new { email = "x@example.com", password = "password-123" })),
            ("register", () => anonymous.PostAsJsonAsync("/api/auth/register", new { name = "x", email = $"x{Guid.NewGuid():N}@example.com", password = "password-123" })),
            ("unseen token", () => unseen.GetAsync("/api/accounts")),
        };
        foreach (var (name, send) in attempts)
        {
            var clock = Stopwatch.StartNew();
            var response = await send().WaitAsync(_bound);
            clock.Stop();
            await ApiAssert.ProblemAsync(response, HttpStatusCode.ServiceUnavailable, "UNAVAILABLE", name);
            Assert.True(clock.Elapsed < _bound, $"{name} took {clock.Elapsed}");
            Assert.True(response.Headers.RetryAfter is not null, $"{name}: no Retry-After");
        }

        var ready = await anonymous.GetAsync("/health/ready").WaitAsync(_bound);
        Assert.NotEqual(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live").WaitAsync(_bound)).StatusCode);
        // Requests that need no cluster still answer as usual.
        await ApiAssert.ProblemAsync(await anonymous.GetAsync("/api/accounts"), HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        await ApiAssert.ProblemAsync(await owner.PostAsync($"/api/accounts/{account}/deposit", ApiSession.Json("{\"amount\":")), HttpStatusCode.BadRequest, "INVALID_JSON");
    }

    private static async Task<HttpResponseMessage> SendKeyedAsync(HttpClient client, Guid account)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/accounts/{account}/withdraw") { Content = JsonContent.Create(new { amount = "1" }) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", Guid.NewGuid().ToString());
        return await client.SendAsync(request);
    }
}
