using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace FinAegis.Silo.Hosting;

/// <summary>The silo's configuration: appsettings.json, overridden by FINAEGIS_* environment variables.</summary>
public sealed class SiloSettings
{
    /// <summary>The command-line flag that applies the migrations and exits.</summary>
    public const string MigrateOnlyFlag = "--migrate-only";

    [Required, ConfigurationKeyName("FINAEGIS_MYSQL")]
    public string MySqlConnectionString { get; set; } = "";

    /// <summary>
    /// The connection string migrations run with (a user allowed DDL); when unset, FINAEGIS_MYSQL. Lets the silo
    /// serve with a least-privilege application user (README "Database connection security").
    /// </summary>
    [ConfigurationKeyName("FINAEGIS_MIGRATION_MYSQL")]
    public string? MigrationMySqlConnectionString { get; set; }

    [Required, ConfigurationKeyName("FINAEGIS_CLUSTER_ID")]
    public string ClusterId { get; set; } = "finaegis";

    [Required, ConfigurationKeyName("FINAEGIS_SERVICE_ID")]
    public string ServiceId { get; set; } = "finaegis";

    [Range(1, 65535), ConfigurationKeyName("FINAEGIS_SILO_PORT")]
    public int SiloPort { get; set; } = 11111;

    [Range(1, 65535), ConfigurationKeyName("FINAEGIS_GATEWAY_PORT")]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Health (and later metrics) over HTTP; 0 disables it.</summary>
    [Range(0, 65535), ConfigurationKeyName("FINAEGIS_MANAGEMENT_PORT")]
    public int ManagementPort { get; set; } = 8081;

    /// <summary>The address other silos and clients use to reach this one.</summary>
    [Required, ConfigurationKeyName("FINAEGIS_ADVERTISED_IP")]
    public string AdvertisedIp { get; set; } = "127.0.0.1";

    /// <summary>
    /// The address the silo, gateway and management ports listen on; unset, the advertised address (127.0.0.1 by
    /// default): the gateway takes grain calls without authentication, so it must never face an open network. The
    /// container image sets 0.0.0.0, inside its own network namespace.
    /// </summary>
    [ConfigurationKeyName("FINAEGIS_SILO_BIND")]
    public string? BindAddress { get; set; }

    public System.Net.IPAddress ListenAddress => System.Net.IPAddress.Parse(string.IsNullOrWhiteSpace(BindAddress) ? AdvertisedIp : BindAddress);

    [Range(1, 100000), ConfigurationKeyName("FINAEGIS_SNAPSHOT_EVERY")]
    public int SnapshotEvery { get; set; } = 100;

    [ConfigurationKeyName("FINAEGIS_ADMIN_EMAIL")]
    public string? AdminEmail { get; set; }

    [ConfigurationKeyName("FINAEGIS_ADMIN_PASSWORD")]
    public string? AdminPassword { get; set; }

    /// <summary>Base64 of 32 bytes: seals encrypted settings and webhook secrets (AES-256-GCM). run.sh generates one.</summary>
    [ConfigurationKeyName("FINAEGIS_ENCRYPTION_KEY")]
    public string? EncryptionKey { get; set; }

    /// <summary>Let webhooks call private, loopback and link-local addresses (tests, closed networks).</summary>
    [ConfigurationKeyName("FINAEGIS_WEBHOOKS_ALLOW_PRIVATE")]
    public bool WebhooksAllowPrivate { get; set; }

    /// <summary>The first retry of a failed delivery waits this long, each next one twice as long.</summary>
    [Range(0.01, 86400), ConfigurationKeyName("FINAEGIS_WEBHOOKS_RETRY_BASE_SECONDS")]
    public double WebhooksRetryBaseSeconds { get; set; } = 10;

    /// <summary>How often each silo reloads the active webhook subscriptions.</summary>
    [Range(0.05, 3600), ConfigurationKeyName("FINAEGIS_WEBHOOKS_REFRESH_SECONDS")]
    public double WebhooksRefreshSeconds { get; set; } = 2;

    /// <summary>How long the dispatcher sleeps when nothing is due.</summary>
    [Range(10, 60000), ConfigurationKeyName("FINAEGIS_WEBHOOKS_POLL_MS")]
    public int WebhooksPollMilliseconds { get; set; } = 250;

    /// <summary>A claimed delivery is re-claimable this long after its webhook's timeout (a silo died mid-send).</summary>
    [Range(1, 3600), ConfigurationKeyName("FINAEGIS_WEBHOOKS_CLAIM_MARGIN_SECONDS")]
    public int WebhooksClaimMarginSeconds { get; set; } = 15;

    /// <summary>Deliveries one claim takes at most.</summary>
    [Range(1, 1000), ConfigurationKeyName("FINAEGIS_WEBHOOKS_BATCH_SIZE")]
    public int WebhooksBatchSize { get; set; } = 50;

    /// <summary>Deliveries in flight per silo.</summary>
    [Range(1, 1000), ConfigurationKeyName("FINAEGIS_WEBHOOKS_MAX_CONCURRENCY")]
    public int WebhooksMaxConcurrency { get; set; } = 32;

    public void ConfigureWebhooks(FinAegis.Grains.Webhooks.WebhookOptions options)
    {
        options.AllowPrivateAddresses = WebhooksAllowPrivate;
        options.RetryBaseSeconds = WebhooksRetryBaseSeconds;
        options.SubscriptionRefreshInterval = TimeSpan.FromSeconds(WebhooksRefreshSeconds);
        options.PollInterval = TimeSpan.FromMilliseconds(WebhooksPollMilliseconds);
        options.ClaimMarginSeconds = WebhooksClaimMarginSeconds;
        options.ClaimBatchSize = WebhooksBatchSize;
        options.MaxConcurrency = WebhooksMaxConcurrency;
    }
    /// <summary>How long Idempotency-Keys are kept; SPEC §3 promises at least 24 hours, so less is refused.</summary>
    [Range(24, 87600), ConfigurationKeyName("FINAEGIS_IDEMPOTENCY_RETENTION_HOURS")]
    public double IdempotencyRetentionHours { get; set; } = 24;

    /// <summary>How often each silo deletes the keys older than the retention.</summary>
    [Range(0.05, 86400), ConfigurationKeyName("FINAEGIS_IDEMPOTENCY_PURGE_INTERVAL_SECONDS")]
    public double IdempotencyPurgeIntervalSeconds { get; set; } = 300;

    public void ConfigureIdempotencyPurge(FinAegis.Grains.Idempotency.IdempotencyPurgeOptions options)
    {
        options.Retention = TimeSpan.FromHours(IdempotencyRetentionHours);
        options.Interval = TimeSpan.FromSeconds(IdempotencyPurgeIntervalSeconds);
    }

    /// <summary>"simple" (the default console format) or "json" (one JSON object a line, for log collectors).</summary>
    [RegularExpression("^(simple|json)$"), ConfigurationKeyName("FINAEGIS_LOG_FORMAT")]
    public string LogFormat { get; set; } = "simple";

    public static SiloSettings From(IConfiguration configuration)
    {
        var settings = new SiloSettings();
        configuration.Bind(settings);
        Validator.ValidateObject(settings, new ValidationContext(settings), validateAllProperties: true);
        foreach (var (name, value) in new[] { ("FINAEGIS_ADVERTISED_IP", settings.AdvertisedIp), ("FINAEGIS_SILO_BIND", settings.BindAddress) })
        {
            if (!string.IsNullOrWhiteSpace(value) && !System.Net.IPAddress.TryParse(value, out _))
            {
                throw new ValidationException($"{name} must be an IP address, not '{value}'.");
            }
        }
        return settings;
    }
}
