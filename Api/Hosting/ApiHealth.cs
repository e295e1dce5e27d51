using FinAegis.Grains.Abstractions.Assets;
using FinAegis.Grains.Abstractions.Common;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FinAegis.Api.Hosting;

/// <summary>/health/live: the process answers. /health/ready: a grain call through the cluster (which reads the database) succeeds.</summary>
public static class ApiHealth
{
    public static IServiceCollection AddApiHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<ClusterHealthCheck>("cluster", tags: ["ready"]);
        return services;
    }

    public static IEndpointRouteBuilder MapApiHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).ExcludeFromDescription();
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") }).ExcludeFromDescription();
        return endpoints;
    }

    private sealed class ClusterHealthCheck(IClusterClient client) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                var assets = await client.Grain<IAssetCatalogGrain>(0).GetAll().WaitAsync(TimeSpan.FromSeconds(3), cancellationToken);
                return assets.Count > 0 ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("The asset catalogue is empty.");
            }
            catch (Exception exception)
            {
                return HealthCheckResult.Unhealthy("The cluster does not answer.", exception);
            }
        }
    }
}
