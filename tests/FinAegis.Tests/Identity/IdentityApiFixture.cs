using FinAegis.Api.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace FinAegis.Tests.Identity;

/// <summary>
/// The auth pieces wired as the API host will wire them (AddFinAegisAuth, UseAuthentication, UseAuthorization,
/// MapAuth) over the identity test silo, plus two probe routes that require abilities. Not the real Program: that
/// host's own end-to-end tests come with it.
/// </summary>
public sealed class IdentityApiFixture : IAsyncLifetime
{
    private WebApplication? _app;

    public IdentityClusterFixture Cluster { get; } = new();

    public HttpClient Client { get; private set; } = null!;

    public TokenRevocationPoller Poller => _app!.Services.GetRequiredService<TokenRevocationPoller>();

    public async Task InitializeAsync()
    {
        await Cluster.InitializeAsync();
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddSingleton<IGrainFactory>(Cluster.Client);
        builder.Services.AddProblemDetails();
        builder.Services.AddFinAegisAuth();
        _app = builder.Build();
        _app.UseAuthentication();
        _app.UseAuthorization();
        _app.MapAuth();
        _app.MapGet("/api/probe/write", () => "ok").RequireAbility("accounts:write");
        _app.MapGet("/api/probe/admin", () => "ok").RequireAbility("admin");
        await _app.StartAsync();
        Client = _app.GetTestClient();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        await Cluster.DisposeAsync();
    }
}
