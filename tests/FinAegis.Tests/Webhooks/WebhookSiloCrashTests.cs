using System.Text.Json;
using FinAegis.Grains.Abstractions.Accounts;
using FinAegis.Grains.Abstractions.Common;
using FinAegis.Tests.Infrastructure;
using static FinAegis.Tests.Webhooks.WebhookTestKit;

namespace FinAegis.Tests.Webhooks;

/// <summary>A silo killed while it holds claimed deliveries loses none: its claims lapse and the survivor sends them.</summary>
[Collection(SoloCollection.Name)]
public sealed class WebhookSiloCrashTests(WebhookSiloCrashTests.Fixture fixture) : IClassFixture<WebhookSiloCrashTests.Fixture>, IAsyncLifetime
{
    public sealed class Fixture : WebhookClusterFixture
    {
        protected override void ConfigureSilos(IDictionary<string, string?> settings)
        {
            base.ConfigureSilos(settings);
            // Small claims so that both silos hold some deliveries when one is killed.
            settings["FINAEGIS_WEBHOOKS_BATCH_SIZE"] = "4";
            settings["FINAEGIS_WEBHOOKS_MAX_CONCURRENCY"] = "4";
        }
    }

    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task A_killed_silo_loses_no_delivery()
    {
        const int Accounts = 24;
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Until released, the receiver holds every request (so claims stay in flight), then answers 200.
        var url = _receiver.NewEndpoint(async _ =>
        {
            await released.Task.WaitAsync(TimeSpan.FromSeconds(20)).ContinueWith(_ => { });
            return 200;
        });
        var admin = await ApiSession.AdminAsync(fixture);
        var (webhookId, secret) = await CreateWebhookAsync(fixture, admin, url, ["account.created"], timeoutSeconds: 2, retryAttempts: 10);

        var owner = new Caller(Guid.NewGuid(), false);
        await Task.WhenAll(Enumerable.Range(0, Accounts).Select(i =>
            fixture.Client.GetGrain<IAccountGrain>(Guid.NewGuid()).Open(new OpenAccount(owner, owner.UserUuid, "crash " + i))));
        Assert.Equal(Accounts, await fixture.Database.ScalarAsync<long>("SELECT COUNT(*) FROM webhook_deliveries WHERE webhook_id = @w", ("@w", webhookId)));

        await Until(async () => await fixture.Database.ScalarAsync<long>(
            "SELECT COUNT(DISTINCT claimed_by) FROM webhook_deliveries WHERE webhook_id = @w AND claim_token IS NOT NULL", ("@w", webhookId)) == 2,
            "both silos hold claims");
        var victim = fixture.Cluster.SecondarySilos[0];
        await fixture.Cluster.KillSiloAsync(victim);
        released.SetResult();

        await Until(async () => await fixture.Database.ScalarAsync<long>(
            "SELECT COUNT(*) FROM webhook_deliveries WHERE webhook_id = @w AND status = 'success'", ("@w", webhookId)) == Accounts,
            "every delivery succeeds", seconds: 60);
        var received = _receiver.For(url);
        Assert.All(received, r => Assert.True(SignatureIsValid(r, secret, TimeSpan.FromMinutes(5))));
        var eventIds = received.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("id").GetString()).Distinct().Count();
        Assert.Equal(Accounts, eventIds);
    }
}
