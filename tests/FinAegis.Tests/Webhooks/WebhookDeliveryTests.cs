using System.Net;
using System.Text.Json;
using FinAegis.Tests.Infrastructure;
using static FinAegis.Tests.Webhooks.WebhookTestKit;

namespace FinAegis.Tests.Webhooks;

/// <summary>Deliveries end to end: real events, the outbox, the dispatcher, and a real HTTP receiver on 127.0.0.1.</summary>
public sealed class WebhookDeliveryTests(WebhookDeliveryTests.Fixture fixture) : IClassFixture<WebhookDeliveryTests.Fixture>, IAsyncLifetime
{
    public sealed class Fixture : WebhookClusterFixture
    {
        protected override void ConfigureSilos(IDictionary<string, string?> settings)
        {
            base.ConfigureSilos(settings);
            // Gaps of 1 s then 2 s: wide enough that scheduling noise on a busy 2-core machine cannot reverse them.
            settings["FINAEGIS_WEBHOOKS_RETRY_BASE_SECONDS"] = "1";
        }
    }

    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task A_deposit_is_delivered_signed_with_every_header()
    {
        var admin = await ApiSession.AdminAsync(fixture);
        var url = _receiver.NewEndpoint();
        var (webhookId, secret) = await CreateWebhookAsync(fixture, admin, url, ["transaction.created"],
            headers: new Dictionary<string, string> { ["X-Tenant"] = "acme", ["Authorization"] = "Bearer integrator-token" });
        Assert.StartsWith("whsec_", secret);
        var (client, _) = await ApiSession.RegisterAsync(fixture);
        var account = await ApiSession.OpenAccountAsync(client);
        var transaction = await DepositAsync(client, account, "12.34");

        await Until(() => Task.FromResult(_receiver.For(url).Count >= 1), "the deposit arrives");
        var request = Assert.Single(_receiver.For(url));
        Assert.True(SignatureIsValid(request, secret, TimeSpan.FromMinutes(5)), request.Header("X-Webhook-Signature"));
        Assert.False(SignatureIsValid(request, secret + "x", TimeSpan.FromMinutes(5)));
        Assert.Equal("FinAegis-Webhook/1.0", request.Header("User-Agent"));
        Assert.StartsWith("application/json", request.Header("Content-Type"));
        Assert.Equal(webhookId.ToString(), request.Header("X-Webhook-Id"));
        Assert.Equal("transaction.created", request.Header("X-Webhook-Event"));
        Assert.Equal("acme", request.Header("X-Tenant"));
        Assert.Equal("Bearer integrator-token", request.Header("Authorization"));

        var payload = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal("transaction.created", payload.GetProperty("event").GetString());
        Assert.True(Guid.TryParse(payload.GetProperty("id").GetString(), out _));
        Assert.True(DateTimeOffset.TryParse(payload.GetProperty("created_at").GetString(), out _));
        var data = payload.GetProperty("data");
        Assert.Equal(account, data.GetProperty("account_uuid").GetGuid());
        Assert.Equal(transaction.GetProperty("uuid").GetGuid(), data.GetProperty("uuid").GetGuid());
        Assert.Equal(1234, data.GetProperty("amount").GetInt64());
        Assert.Equal("deposit", data.GetProperty("type").GetString());

        await Until(async () => (await DeliveriesAsync(admin, webhookId, "success")).Count == 1, "the delivery is recorded as success");
        var delivery = Assert.Single(await DeliveriesAsync(admin, webhookId));
        Assert.Equal(request.Header("X-Webhook-Delivery"), delivery.GetProperty("id").GetInt64().ToString());
        Assert.Equal(200, delivery.GetProperty("response_code").GetInt32());
        Assert.Equal(1, delivery.GetProperty("attempts").GetInt32());
        Assert.Contains("answer 1", delivery.GetProperty("response_body").GetString());
    }

    [Fact]
    public async Task A_receiver_answering_500_then_200_gets_the_delivery_on_retry()
    {
        var admin = await ApiSession.AdminAsync(fixture);
        var url = _receiver.NewEndpoint(call => Task.FromResult(call == 1 ? 500 : 200));
        var (webhookId, secret) = await CreateWebhookAsync(fixture, admin, url, ["account.created"]);
        var (client, _) = await ApiSession.RegisterAsync(fixture);
        await ApiSession.OpenAccountAsync(client);

        await Until(async () => (await DeliveriesAsync(admin, webhookId, "success")).Count == 1, "the retry succeeds");
        var requests = _receiver.For(url);
        Assert.Equal(2, requests.Count);
        Assert.Equal(requests[0].BodyText, requests[1].BodyText); // same event id: receivers deduplicate on it
        Assert.All(requests, r => Assert.True(SignatureIsValid(r, secret, TimeSpan.FromMinutes(5))));
        var delivery = Assert.Single(await DeliveriesAsync(admin, webhookId));
        Assert.Equal(2, delivery.GetProperty("attempts").GetInt32());
        Assert.True(requests[1].ReceivedAt - requests[0].ReceivedAt >= TimeSpan.FromSeconds(0.25), "the retry waited for its backoff");
    }

    [Fact]
    public async Task A_slow_receiver_times_out_and_is_retried()
    {
        var admin = await ApiSession.AdminAsync(fixture);
        var url = _receiver.NewEndpoint(async call =>
        {
            if (call == 1)
            {
                await Task.Delay(TimeSpan.FromSeconds(3));
            }
            return 200;
        });
        var (webhookId, _) = await CreateWebhookAsync(fixture, admin, url, ["account.created"], timeoutSeconds: 1);
        var (client, _) = await ApiSession.RegisterAsync(fixture);
        await ApiSession.OpenAccountAsync(client);

        await Until(async () => (await DeliveriesAsync(admin, webhookId, "success")).Count == 1, "the retry after the timeout succeeds");
        var delivery = Assert.Single(await DeliveriesAsync(admin, webhookId));
        Assert.Equal(2, delivery.GetProperty("attempts").GetInt32());
        var requests = _receiver.For(url);
        Assert.Equal(2, requests.Count);
        // The second request came before the slow first answer could have: the first was abandoned at its timeout.
        Assert.True(requests[1].ReceivedAt - requests[0].ReceivedAt < TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task Exhausted_retries_end_failed()
    {
        var admin = await ApiSession.AdminAsync(fixture);
        var url = _receiver.NewEndpoint(_ => Task.FromResult(503));
        var (webhookId, _) = await CreateWebhookAsync(fixture, admin, url, ["account.created"], retryAttempts: 2);
        var (client, _) = await ApiSession.RegisterAsync(fixture);
        await ApiSession.OpenAccountAsync(client);

        await Until(async () => (await DeliveriesAsync(admin, webhookId, "failed")).Count == 1, "the delivery fails for good");
        var delivery = Assert.Single(await DeliveriesAsync(admin, webhookId));
        Assert.Equal(3, delivery.GetProperty("attempts").GetInt32()); // the first try and two retries
        Assert.Equal(503, delivery.GetProperty("response_code").GetInt32());
        Assert.Equal(JsonValueKind.String, delivery.GetProperty("failed_at").ValueKind);
        Assert.Equal(JsonValueKind.Null, delivery.GetProperty("next_retry_at").ValueKind);
        Assert.Equal(3, _receiver.For(url).Count);
        var gaps = _receiver.For(url).Zip(_receiver.For(url).Skip(1), (a, b) => b.ReceivedAt - a.ReceivedAt).ToList();
        Assert.True(gaps[1] > gaps[0], $"backoff grows: {string.Join(", ", gaps)}");

        // Redelivery queues the same payload again.
        var redeliver = await admin.PostAsync($"/api/webhooks/{webhookId}/deliveries/{delivery.GetProperty("id").GetInt64()}/redeliver", null);
        Assert.Equal(HttpStatusCode.Accepted, redeliver.StatusCode);
        await Until(() => Task.FromResult(_receiver.For(url).Count == 4), "the redelivery is attempted");
        Assert.Equal(_receiver.For(url)[0].BodyText, _receiver.For(url)[3].BodyText);
    }

    [Fact]
    public async Task Deposits_and_withdrawals_write_a_delivery_iff_the_event_exists()
    {
        var admin = await ApiSession.AdminAsync(fixture);
        var url = _receiver.NewEndpoint();
        var (webhookId, _) = await CreateWebhookAsync(fixture, admin, url, ["transaction.created", "balance.low_balance", "account.frozen"]);
        var (client, _) = await ApiSession.RegisterAsync(fixture);
        var account = await ApiSession.OpenAccountAsync(client);
        await DepositAsync(client, account, "15.00");
        await DepositAsync(client, account, "1.00");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await WithdrawAsync(client, account, "100.00")).StatusCode); // refused: no event
        Assert.Equal(HttpStatusCode.OK, (await WithdrawAsync(client, account, "7.00")).StatusCode);                   // 1600 → 900: low balance
        Assert.Equal(HttpStatusCode.OK, (await WithdrawAsync(client, account, "1.00")).StatusCode);                   // already below: no second alert

        var movements = await fixture.Database.ScalarAsync<long>(
            "SELECT COUNT(*) FROM stored_events WHERE aggregate_uuid = @a AND event_class IN ('MoneyAdded', 'MoneySubtracted')", ("@a", account.ToString()));
        Assert.Equal(4, movements);
        var rows = await CountDeliveriesAsync(webhookId, account, "transaction.created");
        Assert.Equal(movements, rows);
        Assert.Equal(1, await CountDeliveriesAsync(webhookId, account, "balance.low_balance"));
        Assert.Equal(0, await CountDeliveriesAsync(webhookId, account, "account.created")); // not subscribed

        // Event ids are distinct per event, and the low-balance data says why it fired.
        var ids = await fixture.Database.ScalarAsync<long>(
            "SELECT COUNT(DISTINCT JSON_UNQUOTE(JSON_EXTRACT(payload, '$.id'))) FROM webhook_deliveries WHERE webhook_id = @w", ("@w", webhookId));
        Assert.Equal(5, ids);
        await Until(() => Task.FromResult(_receiver.For(url).Count == 5), "all five arrive");
        var low = _receiver.For(url).Select(r => JsonDocument.Parse(r.Body).RootElement).Single(p => p.GetProperty("event").GetString() == "balance.low_balance");
        Assert.Equal(900, low.GetProperty("data").GetProperty("balance").GetInt64());
        Assert.Equal(1000, low.GetProperty("data").GetProperty("threshold").GetInt64());
    }

    [Fact]
    public async Task An_inactive_webhook_gets_no_deliveries()
    {
        var admin = await ApiSession.AdminAsync(fixture);
        var url = _receiver.NewEndpoint();
        var (webhookId, _) = await CreateWebhookAsync(fixture, admin, url, ["transaction.created"]);
        var update = await admin.PutAsync($"/api/webhooks/{webhookId}", ApiSession.Json("""{"is_active": false}"""));
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        await Until(() => Task.FromResult(fixture.Cluster.GetActiveSilos().OfType<Orleans.TestingHost.InProcessSiloHandle>().All(silo =>
            !Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
                .GetRequiredService<FinAegis.Grains.Webhooks.WebhookSubscriptions>(silo.SiloHost.Services).Current.Knows(webhookId))), "the silos forget it");
        var (client, _) = await ApiSession.RegisterAsync(fixture);
        var account = await ApiSession.OpenAccountAsync(client);
        await DepositAsync(client, account, "1.00");
        Assert.Equal(0, await CountDeliveriesAsync(webhookId, account, "transaction.created"));
    }

    private Task<long> CountDeliveriesAsync(long webhookId, Guid account, string eventType) =>
        fixture.Database.ScalarAsync<long>(
            "SELECT COUNT(*) FROM webhook_deliveries WHERE webhook_id = @w AND event_type = @e AND JSON_UNQUOTE(JSON_EXTRACT(payload, '$.data.account_uuid')) = @a",
            ("@w", webhookId), ("@e", eventType), ("@a", account.ToString()));
}
