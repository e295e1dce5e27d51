using OpenTelemetry.Metrics;

namespace FinAegis.Api.Hosting;

/// <summary>
/// Metrics and logs of the API: /metrics in Prometheus text (OpenTelemetry over the ASP.NET Core meters and the
/// Orleans client's meter), and JSON console logs when FINAEGIS_LOG_FORMAT=json.
/// </summary>
public static class ApiObservability
{
    public static IReadOnlyList<string> Meters { get; } =
    [
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Diagnostics",
        "Microsoft.AspNetCore.Authentication",
        "Microsoft.AspNetCore.Authorization",
        "Microsoft.Orleans",
        "System.Runtime",
    ];

    public static WebApplicationBuilder AddApiObservability(this WebApplicationBuilder builder, string logFormat)
    {
        if (string.Equals(logFormat, "json", StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.AddJsonConsole(json => json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ");
        }
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter([.. Meters]).AddPrometheusExporter());
        return builder;
    }

    public static IEndpointRouteBuilder MapApiMetrics(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPrometheusScrapingEndpoint("/metrics");
        return endpoints;
    }
}
