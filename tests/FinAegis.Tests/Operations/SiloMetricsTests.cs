using System.Net;
using System.Net.Sockets;
using FinAegis.Grains.Abstractions.Accounts;
using FinAegis.Grains.Abstractions.Common;
using FinAegis.Grains.Abstractions.Transfers;
using FinAegis.Silo.Hosting;
using FinAegis.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FinAegis.Tests.Operations;

/// <summary>
/// The real silo host (Silo/Program.cs) serves /metrics on its management endpoint: started here as a one-silo
/// cluster of its own on the collection's database, driven through its own grain factory.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class SiloMetricsTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_silo_serves_orleans_event_store_and_transfer_metrics()
    {
        await using var silo = new WebApplicationFactory<SiloSettings>().WithWebHostBuilder(web =>
        {
            web.UseSetting("FINAEGIS_MYSQL", fixture.Database.ConnectionString);
            web.UseSetting("FINAEGIS_CLUSTER_ID", $"metrics-{Guid.NewGuid():N}");
            web.UseSetting("FINAEGIS_SILO_PORT", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
            web.UseSetting("FINAEGIS_GATEWAY_PORT", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        });
        var management = silo.CreateClient();
        var grains = silo.Services.GetRequiredService<IGrainFactory>();

        var owner = new Caller(Guid.NewGuid(), false);
        var from = grains.GetGrain<IAccountGrain>(Guid.NewGuid());
        var to = grains.GetGrain<IAccountGrain>(Guid.NewGuid());
        Assert.Null((await from.Open(new OpenAccount(owner, owner.UserUuid, "From"))).Error);
        Assert.Null((await to.Open(new OpenAccount(owner, owner.UserUuid, "To"))).Error);
        Assert.Null((await from.Deposit(new MoveMoney(owner, Guid.NewGuid(), "USD", 1_000, null))).Error);
        var transfer = await from.StartTransfer(new StartTransfer(owner, Guid.NewGuid(), to.GetPrimaryKey(), "USD", 400, null, null));
        Assert.Equal(TransferStatus.Completed, transfer.Transfer?.Status);

        Assert.Equal(HttpStatusCode.OK, (await management.GetAsync("/health/ready")).StatusCode);
        await MetricsScrape.WaitForAsync(management, "/metrics",
            "finaegis_transfers_total{",
            "outcome=\"completed\"",
            "finaegis_eventstore_events_appended_total",
            "finaegis_eventstore_batch_appends_bucket{",
            "finaegis_eventstore_batch_commit_latency",
            "orleans_");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
