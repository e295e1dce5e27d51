using System.Net.Http.Json;
using System.Text.Json;
using FinAegis.Tests.Governance;
using FinAegis.Tests.Infrastructure;
using static FinAegis.Tests.Webhooks.WebhookTestKit;

namespace FinAegis.Tests.Webhooks;

/// <summary>rate.updated and poll.* deliveries, from the exchange-rate and poll grains' commits.</summary>
public sealed class RateAndPollWebhookTests(RateAndPollWebhookTests.Fixture fixture) : IClassFixture<RateAndPollWebhookTests.Fixture>, IAsyncLifetime
{
    public sealed class Fixture : WebhookClusterFixture;

    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task Rate_sets_and_the_poll_lifecycle_are_announced()
    {
        var admin = await ApiSession.AdminAsync(fixture);
        var url = _receiver.NewEndpoint();
        var (webhookId, _) = await CreateWebhookAsync(fixture, admin, url, ["rate.updated", "poll.created", "poll.activated", "poll.completed"]);
        await WaitForSubscriptionAsync(fixture, webhookId);

        var rate = await admin.PostAsJsonAsync("/api/exchange-rates", new { from_asset = "GBP", to_asset = "XAG", rate = "0.04", source = "market" });
        Assert.True(rate.IsSuccessStatusCode, await rate.Content.ReadAsStringAsync());
        var poll = await PollApi.CreateAsync(admin, PollApi.Body());
        var closed = await admin.PostAsync($"/api/polls/{poll}/close", null);
        Assert.True(closed.IsSuccessStatusCode, await closed.Content.ReadAsStringAsync());

        await Until(() => Task.FromResult(_receiver.For(url).Count >= 4), "the rate and poll events arrive");
        var payloads = _receiver.For(url).Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        var rateEvent = Assert.Single(payloads, p => p.GetProperty("event").GetString() == "rate.updated");
        Assert.Equal("GBP", rateEvent.GetProperty("data").GetProperty("from_asset").GetString());
        Assert.Equal("0.04", rateEvent.GetProperty("data").GetProperty("rate").GetString()!.TrimEnd('0'));
        var pollEvents = payloads.Where(p => p.GetProperty("event").GetString()!.StartsWith("poll.", StringComparison.Ordinal))
            .Select(p => (p.GetProperty("event").GetString(), p.GetProperty("data").GetProperty("uuid").GetGuid(),
                p.GetProperty("data").GetProperty("status").GetString())).ToList();
        Assert.Contains(("poll.created", poll, "draft"), pollEvents);
        Assert.Contains(("poll.activated", poll, "active"), pollEvents);
        Assert.Contains(pollEvents, e => e.Item1 == "poll.completed" && e.Item2 == poll && e.Item3 == "closed");
    }
}
