using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace FinAegis.Silo.Hosting;

/// <summary>The silo's configuration: appsettings.json, overridden by FINAEGIS_* environment variables.</summary>
public sealed class SiloSettings
{
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

    [Range(1, 100000), ConfigurationKeyName("FINAEGIS_SNAPSHOT_EVERY")]
    public int SnapshotEvery { get; set; } = 100;

    [ConfigurationKeyName("FINAEGIS_ADMIN_EMAIL")]
    public string? AdminEmail { get; set; }

    [ConfigurationKeyName("FINAEGIS_ADMIN_PASSWORD")]
    public string? AdminPassword { get; set; }

    public static SiloSettings From(IConfiguration configuration)
    {
        var settings = new SiloSettings();
        configuration.Bind(settings);
        Validator.ValidateObject(settings, new ValidationContext(settings), validateAllProperties: true);
        return settings;
    }
}
