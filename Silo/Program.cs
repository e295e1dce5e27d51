using FinAegis.Grains.Identity;
using FinAegis.Grains.Storage;
using FinAegis.Silo.Hosting;
using Orleans.Configuration;

// The silo process: migrates the database, joins the cluster through MySQL, hosts the grains, and serves
// /health/live, /health/ready and /metrics on its management port. SIGTERM leaves the cluster gracefully.
// With --migrate-only it applies the migrations and exits (docker compose runs that once before the silos).
var migrateOnly = args.Contains(SiloSettings.MigrateOnlyFlag);
// The flag is ours, not a configuration key: the command-line configuration provider must not see it.
// Content root = the binaries' folder, so appsettings.json (log levels, defaults) loads from wherever it is started.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args.Where(arg => arg != SiloSettings.MigrateOnlyFlag).ToArray(),
    ContentRootPath = AppContext.BaseDirectory,
});
var settings = SiloSettings.From(builder.Configuration);

using (var loggerFactory = LoggerFactory.Create(logging => logging.AddSimpleConsole()))
{
    await DatabaseMigrator.MigrateAsync(settings.MigrationMySqlConnectionString is { Length: > 0 } migration ? migration : settings.MySqlConnectionString,
        loggerFactory.CreateLogger("Migrations"));
}
if (migrateOnly)
{
    return;
}

// Graceful shutdown: Orleans deactivates the silo's grains (their pending appends commit) and leaves the membership
// table; the 30 s cover a loaded silo.
builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(30));
builder.AddSiloObservability(settings.LogFormat);
builder.WebHost.ConfigureKestrel(kestrel =>
{
    if (settings.ManagementPort > 0)
    {
        kestrel.Listen(settings.ListenAddress, settings.ManagementPort);
    }
});
builder.UseOrleans(silo =>
{
    silo.UseFinAegis(settings.MySqlConnectionString, settings.ClusterId, settings.ServiceId, settings.SnapshotEvery);
    silo.Configure<EndpointOptions>(endpoints =>
    {
        endpoints.AdvertisedIPAddress = System.Net.IPAddress.Parse(settings.AdvertisedIp);
        endpoints.SiloPort = settings.SiloPort;
        endpoints.GatewayPort = settings.GatewayPort;
        endpoints.SiloListeningEndpoint = new System.Net.IPEndPoint(settings.ListenAddress, settings.SiloPort);
        endpoints.GatewayListeningEndpoint = new System.Net.IPEndPoint(settings.ListenAddress, settings.GatewayPort);
    });
});
builder.Services.AddSiloHealthChecks();

var app = builder.Build();
// Creates or promotes the administrator named by FINAEGIS_ADMIN_EMAIL / FINAEGIS_ADMIN_PASSWORD (nothing when unset).
await app.Services.GetRequiredService<AdminBootstrapper>().EnsureAdminAsync(settings.AdminEmail, settings.AdminPassword, CancellationToken.None);
app.MapSiloHealth();
app.MapSiloMetrics();
await app.RunAsync();
