using FinAegis.Silo.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace FinAegis.Tests.Infrastructure;

/// <summary>
/// A real cluster for tests: its own migrated MariaDB database, silos that find each other through the MySQL
/// membership table (as in production), and optionally the real API host connected to them as an external client.
/// </summary>
public class ClusterFixture : IAsyncLifetime
{
    private WebApplicationFactory<FinAegis.Api.Hosting.ApiSettings>? _api;

    public TestDatabase Database { get; } = new();

    public TestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    protected virtual short InitialSilos => 2;

    /// <summary>The API's deadline on grain calls (FINAEGIS_GRAIN_TIMEOUT_SECONDS); fixtures that stop silos lower it.</summary>
    protected virtual int ApiGrainTimeoutSeconds => 15;

    /// <summary>The FINAEGIS_ENCRYPTION_KEY of this cluster's silos (fresh per fixture).</summary>
    public string EncryptionKey { get; } = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>Extra host configuration for the silos (FINAEGIS_* settings) in a fixture subclass.</summary>
    protected virtual void ConfigureSilos(IDictionary<string, string?> settings)
    {
    }

    public virtual async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        // Starting silos is the one step of a fixture that a transient database fault (a deadlock while several
        // silos join at once) can break; a second attempt with a fresh cluster id tells that apart from a real bug.
        try
        {
            await DeployClusterAsync();
        }
        catch (Exception) when (Cluster is not null)
        {
            await Cluster.DisposeAsync();
            await DeployClusterAsync();
        }
    }

    private async Task DeployClusterAsync()
    {
        var builder = new TestClusterBuilder(InitialSilos);
        builder.Options.UseTestClusterMembership = false;
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        builder.Options.ConfigureFileLogging = false;
        var settings = new Dictionary<string, string?>
        {
            ["FINAEGIS_MYSQL"] = Database.ConnectionString,
            ["FINAEGIS_SNAPSHOT_EVERY"] = "20",
            ["FINAEGIS_ENCRYPTION_KEY"] = EncryptionKey,
        };
        ConfigureSilos(settings);
        builder.ConfigureHostConfiguration(configuration => configuration.AddInMemoryCollection(settings));
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    /// <summary>An HTTP client of the real API host, connected to this cluster through the membership table.</summary>
    public HttpClient CreateApiClient()
    {
        _api ??= new WebApplicationFactory<FinAegis.Api.Hosting.ApiSettings>().WithWebHostBuilder(web =>
        {
            web.UseSetting("FINAEGIS_MYSQL", Database.ConnectionString);
            web.UseSetting("FINAEGIS_CLUSTER_ID", Cluster.Options.ClusterId);
            web.UseSetting("FINAEGIS_SERVICE_ID", Cluster.Options.ServiceId);
            web.UseSetting("FINAEGIS_GRAIN_TIMEOUT_SECONDS", ApiGrainTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        });
        return _api.CreateClient();
    }

    /// <summary>The API host's services (after the first <see cref="CreateApiClient"/>), to inspect its caches.</summary>
    public IServiceProvider ApiServices => (_api ?? throw new InvalidOperationException("Create an API client first.")).Services;

    public virtual async Task DisposeAsync()
    {
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }
        if (Cluster is not null)
        {
            // A graceful stop drains for a few seconds (GracefulDrain); a cluster thrown away stops its silos together
            // rather than one after the other.
            await Cluster.StopClusterClientAsync();
            await Task.WhenAll(Cluster.Silos.Select(silo => silo.StopSiloAsync(stopGracefully: true)));
            await Cluster.DisposeAsync();
        }
        await Database.DisposeAsync();
    }

    public sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var configuration = siloBuilder.Configuration;
            siloBuilder.UseFinAegis(configuration["FINAEGIS_MYSQL"]!,
                snapshotEvery: int.Parse(configuration["FINAEGIS_SNAPSHOT_EVERY"] ?? "100", System.Globalization.CultureInfo.InvariantCulture));
            siloBuilder.AddIncomingGrainCallFilter<UnreachableAccounts>();
        }
    }

    public sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder)
        {
            clientBuilder.UseAdoNetClustering(options =>
            {
                options.Invariant = FinAegisSiloBuilderExtensions.AdoNetInvariant;
                options.ConnectionString = configuration["FINAEGIS_MYSQL"];
            });
        }
    }
}
