using FinAegis.Api.Identity;
using FinAegis.Grains.Abstractions.Identity;
using Orleans.Dashboard;

namespace FinAegis.Api.Hosting;

/// <summary>
/// The Orleans dashboard, served by the API under /dashboard and only to callers with the admin ability (its pages
/// and its data calls alike). The silos collect the statistics (AddDashboard in UseFinAegis); the API reads them
/// through its cluster client.
/// </summary>
public static class DashboardHosting
{
    public const string RoutePrefix = "/dashboard";

    public static IEndpointRouteBuilder MapAdminDashboard(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOrleansDashboard(RoutePrefix).RequireAbility(Abilities.Admin);
        return endpoints;
    }
}
