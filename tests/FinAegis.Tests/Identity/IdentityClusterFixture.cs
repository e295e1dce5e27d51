using FinAegis.Grains.Abstractions.Identity;
using FinAegis.Grains.Identity;
using FinAegis.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.TestingHost;

namespace FinAegis.Tests.Identity;

/// <summary>
/// One in-process silo with only the identity services, over a fresh migrated database. Deliberately minimal (not
/// the shared cluster fixture): it proves the identity grains, their serialization and their SQL, nothing else.
/// </summary>
public sealed class IdentityClusterFixture : IAsyncLifetime
{
    private InProcessTestCluster? _cluster;

    public TestDatabase Database { get; } = new();

    public ManualClock Clock { get; } = new();

    public IdentityOptions Options { get; private set; } = new();

    public IClusterClient Client => _cluster?.Client ?? throw new InvalidOperationException("Cluster not started.");

    public IIdentityGrain Identity => Client.GetGrain<IIdentityGrain>(0);

    public IdentityStore Store => new(OptionsSnapshot);

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        Options = new IdentityOptions { ConnectionString = Database.ConnectionString, BcryptWorkFactor = 4, Clock = Clock };
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => silo.Services.AddFinAegisIdentity(o =>
        {
            o.ConnectionString = Options.ConnectionString;
            o.BcryptWorkFactor = Options.BcryptWorkFactor;
            o.Clock = Clock;
        }));
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
        await Database.DisposeAsync();
    }

    /// <summary>A unique email per test, so tests sharing the fixture never collide.</summary>
    public static string NewEmail(string prefix = "user") => $"{prefix}-{Guid.NewGuid():N}@example.com";

    public IOptions<IdentityOptions> OptionsSnapshot => Microsoft.Extensions.Options.Options.Create(Options);
}
