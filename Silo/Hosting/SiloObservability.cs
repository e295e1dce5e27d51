using FinAegis.Grains.EventStore;
using FinAegis.Grains.Idempotency;
using FinAegis.Grains.Transfers;
using OpenTelemetry.Metrics;

namespace FinAegis.Silo.Hosting;

/// <summary>
/// Metrics and logs of a silo: /metrics in Prometheus text on the management port (OpenTelemetry over the Orleans
/// meter, the product's meters and the management port's own ASP.NET Core meters), and JSON console logs on demand.
/// </summary>
public static class SiloObservability
{
    /// <summary>Recorded by the webhooks dispatcher; registered here so its deliveries show up once it exists.</summary>
    public const string WebhooksMeterName = "FinAegis.Webhooks";

    public static IReadOnlyList<string> Meters { get; } =
    [
        "Microsoft.Orleans",
        EventStoreMetrics.MeterName,
        TransferMetrics.MeterName,
        IdempotencyMetrics.MeterName,
        WebhooksMeterName,
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "System.Runtime",
    ];

    public static WebApplicationBuilder AddSiloObservability(this WebApplicationBuilder builder, string logFormat)
    {
        if (string.Equals(logFormat, "json", StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.AddJsonConsole(json => json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ");
        }
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter([.. Meters]).AddPrometheusExporter());
        return builder;
    }

    public static IEndpointRouteBuilder MapSiloMetrics(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPrometheusScrapingEndpoint("/metrics");
        return endpoints;
    }
}
