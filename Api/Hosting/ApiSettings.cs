using System.ComponentModel.DataAnnotations;

namespace FinAegis.Api.Hosting;

/// <summary>The API's configuration: appsettings.json, overridden by FINAEGIS_* environment variables.</summary>
public sealed class ApiSettings
{
    /// <summary>Used only to find the cluster's gateways in the membership table; the API never queries FinAegis tables.</summary>
    [Required, ConfigurationKeyName("FINAEGIS_MYSQL")]
    public string MySqlConnectionString { get; set; } = "";

    [Required, ConfigurationKeyName("FINAEGIS_CLUSTER_ID")]
    public string ClusterId { get; set; } = "finaegis";

    [Required, ConfigurationKeyName("FINAEGIS_SERVICE_ID")]
    public string ServiceId { get; set; } = "finaegis";

    [Range(1, 65535), ConfigurationKeyName("FINAEGIS_API_PORT")]
    public int Port { get; set; } = 5080;

    [ConfigurationKeyName("FINAEGIS_API_BIND")]
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>The deadline of every grain call: past it the request answers 503 instead of hanging.</summary>
    [Range(1, 300), ConfigurationKeyName("FINAEGIS_GRAIN_TIMEOUT_SECONDS")]
    public int GrainTimeoutSeconds { get; set; } = 10;

    /// <summary>"simple" (the default console format) or "json" (one JSON object a line, for log collectors).</summary>
    [RegularExpression("^(simple|json)$"), ConfigurationKeyName("FINAEGIS_LOG_FORMAT")]
    public string LogFormat { get; set; } = "simple";

    public static ApiSettings From(IConfiguration configuration)
    {
        var settings = new ApiSettings();
        configuration.Bind(settings);
        Validator.ValidateObject(settings, new ValidationContext(settings), validateAllProperties: true);
        return settings;
    }
}
