using System.Text.Json;
using FinAegis.Grains.Abstractions.Accounts;
using FinAegis.Grains.Abstractions.Common;
using FinAegis.Grains.Abstractions.Transfers;
using FinAegis.Tests.Infrastructure;
using static FinAegis.Tests.Webhooks.WebhookTestKit;

namespace FinAegis.Tests.Webhooks;

/// <summary>transfer.created / completed / failed reach a subscribed receiver, from the source account's commits.</summary>
public sealed class TransferWebhookTests(TransferWebhookTests.Fixture fixture) : IClassFixture<TransferWebhookTests.Fixture>, IAsyncLifetime
{
    public sealed class Fixture : WebhookClusterFixture;

    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task Completed_and_failed_transfers_are_announced()
    {
        var admin = await ApiSession.AdminAsync(fixture);
        var url = _receiver.NewEndpoint();
        var (webhookId, _) = await CreateWebhookAsync(fixture, admin, url, ["transfer.created", "transfer.completed", "transfer.failed"]);
        await WaitForSubscriptionAsync(fixture, webhookId);

        var owner = new Caller(Guid.NewGuid(), false);
        var source = fixture.Client.GetGrain<IAccountGrain>(Guid.NewGuid());
        var destination = fixture.Client.GetGrain<IAccountGrain>(Guid.NewGuid());
        await source.Open(new OpenAccount(owner, owner.UserUuid, "s"));
        await destination.Open(new OpenAccount(owner, owner.UserUuid, "d"));
        await source.Deposit(new MoveMoney(owner, Guid.NewGuid(), "USD", 1_000, null));

        var completed = await source.StartTransfer(new StartTransfer(owner, Guid.NewGuid(), destination.GetPrimaryKey(), "USD", 100, "A", null));
        // The destination now cannot take another credit of 100 (its balance would pass 2^53-1): refunded, failed.
        await destination.Deposit(new MoveMoney(owner, Guid.NewGuid(), "USD", Grains.Abstractions.Money.MinorUnits.Max - 150, null));
        var failed = await source.StartTransfer(new StartTransfer(owner, Guid.NewGuid(), destination.GetPrimaryKey(), "USD", 100, "B", null));
        Assert.Equal(TransferStatus.Completed, completed.Transfer!.Status);
        Assert.Equal(TransferStatus.Failed, failed.Transfer!.Status);

        await Until(() => Task.FromResult(_receiver.For(url).Count >= 4), "four transfer events arrive");
        var events = _receiver.For(url).Select(r => JsonDocument.Parse(r.Body).RootElement)
            .Select(p => (Event: p.GetProperty("event").GetString(), Transfer: p.GetProperty("data").GetProperty("uuid").GetGuid(),
                Status: p.GetProperty("data").GetProperty("status").GetString())).ToList();
        Assert.Contains(("transfer.created", completed.Transfer.Uuid, "pending"), events);
        Assert.Contains(("transfer.completed", completed.Transfer.Uuid, "completed"), events);
        Assert.Contains(("transfer.created", failed.Transfer.Uuid, "pending"), events);
        Assert.Contains(("transfer.failed", failed.Transfer.Uuid, "failed"), events);
        Assert.Equal(4, events.Count);
    }
}
