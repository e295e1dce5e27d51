using Orleans.Configuration;
using Orleans.Dashboard;

namespace FinAegis.Api.Hosting;

public static class OrleansClientSetup
{
    /// <summary>Orleans' invariant name for MySqlConnector.</summary>
    public const string AdoNetInvariant = "MySql.Data.MySqlConnector";

    /// <summary>
    /// The cluster client: gateways from the MySQL membership table, a deadline on every call, and a start-up that
    /// keeps retrying while no silo is up yet (run.sh may start the API a moment before the silos are ready).
    /// </summary>
    public static WebApplicationBuilder UseFinAegisOrleansClient(this WebApplicationBuilder builder, ApiSettings settings)
    {
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(cluster =>
            {
                cluster.ClusterId = settings.ClusterId;
                cluster.ServiceId = settings.ServiceId;
            });
            client.UseAdoNetClustering(options =>
            {
                options.Invariant = AdoNetInvariant;
                options.ConnectionString = settings.MySqlConnectionString;
            });
            client.Configure<ClientMessagingOptions>(messaging => messaging.ResponseTimeout = TimeSpan.FromSeconds(settings.GrainTimeoutSeconds));
            client.Configure<GatewayOptions>(gateways => gateways.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
            client.AddOutgoingGrainCallFilter<RejectedCallRetryFilter>();
            client.AddDashboard(dashboard => dashboard.HideTrace = true);
            client.UseConnectionRetryFilter(async (exception, cancellationToken) =>
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                return true;
            });
        });
        return builder;
    }
}
