using FinAegis.Grains.Identity;
using FinAegis.Grains.Storage;
using FinAegis.Silo.Hosting;
using Orleans.Configuration;

// The silo process: migrates the database, joins the cluster through MySQL, hosts the grains, and serves
// /health/live and /health/ready on its management port. SIGTERM leaves the cluster gracefully.
var builder = WebApplication.CreateBuilder(args);
var settings = SiloSettings.From(builder.Configuration);

using (var loggerFactory = LoggerFactory.Create(logging => logging.AddSimpleConsole()))
{
    await DatabaseMigrator.MigrateAsync(settings.MigrationMySqlConnectionString is { Length: > 0 } migration ? migration : settings.MySqlConnectionString,
        loggerFactory.CreateLogger("Migrations"));
}

builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(30));
builder.WebHost.ConfigureKestrel(kestrel =>
{
    if (settings.ManagementPort > 0)
    {
        kestrel.ListenAnyIP(settings.ManagementPort);
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
        endpoints.SiloListeningEndpoint = new System.Net.IPEndPoint(System.Net.IPAddress.Any, settings.SiloPort);
        endpoints.GatewayListeningEndpoint = new System.Net.IPEndPoint(System.Net.IPAddress.Any, settings.GatewayPort);
    });
});
builder.Services.AddSiloHealthChecks();

var app = builder.Build();
// Creates or promotes the administrator named by FINAEGIS_ADMIN_EMAIL / FINAEGIS_ADMIN_PASSWORD (nothing when unset).
await app.Services.GetRequiredService<AdminBootstrapper>().EnsureAdminAsync(settings.AdminEmail, settings.AdminPassword, CancellationToken.None);
app.MapSiloHealth();
await app.RunAsync();
