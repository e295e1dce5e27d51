using FinAegis.Grains.Accounts;
using FinAegis.Grains.Assets;
using FinAegis.Grains.Transfers;
using FinAegis.Grains.EventStore;
using FinAegis.Grains.Governance;
using FinAegis.Grains.Idempotency;
using FinAegis.Grains.Identity;
using FinAegis.Grains.Storage;
using FinAegis.Grains.Webhooks;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace FinAegis.Silo.Hosting;

/// <summary>
/// Everything a FinAegis silo needs apart from its network endpoints: MySQL clustering, reminders, grain storage,
/// the event store, and the services grains depend on. The real host and the test cluster both call this.
/// </summary>
public static class FinAegisSiloBuilderExtensions
{
    /// <summary>Orleans' invariant name for MySqlConnector (not "MySqlConnector").</summary>
    public const string AdoNetInvariant = "MySql.Data.MySqlConnector";

    /// <param name="clusterId">Null when the host sets <see cref="ClusterOptions"/> itself (the test cluster does).</param>
    public static ISiloBuilder UseFinAegis(this ISiloBuilder silo, string connectionString, string? clusterId = null,
        string? serviceId = null, int snapshotEvery = 100)
    {
        if (clusterId is not null && serviceId is not null)
        {
            silo.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = clusterId;
                options.ServiceId = serviceId;
            });
        }
        // Declare a dead silo in seconds rather than the default half minute: grains of a killed silo come back
        // elsewhere sooner (3 missed probes of 2 s, then the votes of the surviving silos).
        silo.Configure<ClusterMembershipOptions>(membership =>
        {
            membership.ProbeTimeout = TimeSpan.FromSeconds(2);
            membership.NumMissedProbesLimit = 3;
            membership.TableRefreshTimeout = TimeSpan.FromSeconds(5);
        });
        silo.ConfigureGracefulDrain();
        silo.UseAdoNetClustering(options =>
        {
            options.Invariant = AdoNetInvariant;
            options.ConnectionString = connectionString;
        });
        silo.UseAdoNetReminderService(options =>
        {
            options.Invariant = AdoNetInvariant;
            options.ConnectionString = connectionString;
        });
        silo.AddAdoNetGrainStorageAsDefault(options =>
        {
            options.Invariant = AdoNetInvariant;
            options.ConnectionString = connectionString;
        });
        silo.AddCustomStorageBasedLogConsistencyProvider("EventStore");
        // Statistics for the Orleans dashboard that the API serves to administrators; grain-call profiling only runs
        // while someone looks at it. Its live log stream stays off: logs may carry account ids.
        silo.AddDashboard(dashboard => dashboard.HideTrace = true);
        silo.Services.AddSingleton(new DatabaseSettings(connectionString));
        silo.Services.AddFinAegisEventStore(options =>
        {
            options.ConnectionString = connectionString;
            options.SnapshotEvery = snapshotEvery;
        });
        silo.Services.AddAssetCatalog();
        silo.Services.AddSingleton<AccountStreamQueries>();
        silo.Services.AddSingleton<IdempotencyRows>();
        silo.Services.AddTransferRecovery();
        silo.Services.AddFinAegisIdentity(options => options.ConnectionString = connectionString);
        silo.Services.AddFinAegisGovernance();
        var configured = new SiloSettings();
        silo.Configuration.Bind(configured);
        silo.Services.AddFinAegisWebhooks(configured.EncryptionKey, configured.ConfigureWebhooks);
        silo.Services.AddIdempotencyKeyPurge(configured.ConfigureIdempotencyPurge);
        return silo;
    }
}
