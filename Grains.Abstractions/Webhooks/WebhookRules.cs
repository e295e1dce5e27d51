using System.Text.RegularExpressions;

namespace FinAegis.Grains.Abstractions.Webhooks;

/// <summary>
/// The shape rules of a webhook, checked by the API (to answer 422 early) and again by the grain. Whether the URL's
/// host resolves to a private address is the silo's check (it knows FINAEGIS_WEBHOOKS_ALLOW_PRIVATE and resolves it).
/// </summary>
public static partial class WebhookRules
{
    public const int MaxNameLength = 255;
    public const int MaxUrlLength = 500;
    public const int MinTimeoutSeconds = 1;
    public const int MaxTimeoutSeconds = 30;
    public const int DefaultTimeoutSeconds = 30;
    public const int MinRetryAttempts = 0;
    public const int MaxRetryAttempts = 10;
    public const int DefaultRetryAttempts = 3;
    public const int MaxEvents = 32;
    public const int MaxHeaders = 20;
    public const int MaxHeaderNameLength = 100;
    public const int MaxHeaderValueLength = 1000;
    public const int MaxHeadersTotalLength = 4096;

    /// <summary>Headers the dispatcher sets itself or the transport owns; a webhook may not override them.</summary>
    private static readonly HashSet<string> _reservedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Type", "Content-Length", "Content-Encoding", "Transfer-Encoding", "Connection", "Keep-Alive",
        "Upgrade", "TE", "Trailer", "Expect", "Proxy-Authorization", "Proxy-Connection", "User-Agent", "Cookie",
    };

    public static string? CheckName(string? name) =>
        string.IsNullOrWhiteSpace(name) || name.Trim().Length > MaxNameLength ? $"The name is required and at most {MaxNameLength} characters." : null;

    /// <summary>An absolute http(s) URL with a host, no user info, at most 500 characters.</summary>
    public static string? CheckUrl(string? url, out Uri? uri)
    {
        uri = null;
        if (string.IsNullOrWhiteSpace(url) || url.Length > MaxUrlLength)
        {
            return $"The url is required and at most {MaxUrlLength} characters.";
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps))
        {
            return "The url must be an absolute http or https URL.";
        }
        if (string.IsNullOrEmpty(parsed.Host))
        {
            return "The url must name a host.";
        }
        if (!string.IsNullOrEmpty(parsed.UserInfo))
        {
            return "The url must not carry credentials; use a custom header.";
        }
        if (!string.IsNullOrEmpty(parsed.Fragment))
        {
            return "The url must not have a fragment.";
        }
        uri = parsed;
        return null;
    }

    public static string? CheckEvents(IReadOnlyList<string?>? events)
    {
        if (events is null || events.Count == 0)
        {
            return "At least one event is required.";
        }
        if (events.Count > MaxEvents)
        {
            return $"At most {MaxEvents} events.";
        }
        var unknown = events.Where(e => !WebhookEvents.IsKnown(e)).Select(e => e ?? "null").ToList();
        return unknown.Count > 0
            ? $"Unknown events: {string.Join(", ", unknown.Take(5))}. See GET /api/webhooks/events."
            : null;
    }

    public static string? CheckTimeout(int? seconds) =>
        seconds is < MinTimeoutSeconds or > MaxTimeoutSeconds ? $"The timeout_seconds must be from {MinTimeoutSeconds} to {MaxTimeoutSeconds}." : null;

    public static string? CheckRetryAttempts(int? attempts) =>
        attempts is < MinRetryAttempts or > MaxRetryAttempts ? $"The retry_attempts must be from {MinRetryAttempts} to {MaxRetryAttempts}." : null;

    /// <summary>Bounded in count and size, names are HTTP tokens, values have no control characters, none reserved.</summary>
    public static string? CheckHeaders(IReadOnlyDictionary<string, string?>? headers)
    {
        if (headers is null)
        {
            return null;
        }
        if (headers.Count > MaxHeaders)
        {
            return $"At most {MaxHeaders} custom headers.";
        }
        var total = 0;
        foreach (var (name, value) in headers)
        {
            if (name.Length is 0 or > MaxHeaderNameLength || !HeaderName().IsMatch(name))
            {
                return $"Header names are HTTP tokens of 1 to {MaxHeaderNameLength} characters.";
            }
            if (_reservedHeaders.Contains(name) || name.StartsWith("X-Webhook-", StringComparison.OrdinalIgnoreCase))
            {
                return $"The header '{name}' is reserved.";
            }
            if (value is null || value.Length > MaxHeaderValueLength || value.Any(c => c < 0x20 && c != '\t' || c == 0x7f || c > 0x7e))
            {
                return $"Header values are printable ASCII strings of at most {MaxHeaderValueLength} characters.";
            }
            total += name.Length + value.Length;
        }
        return total > MaxHeadersTotalLength ? $"Custom headers are at most {MaxHeadersTotalLength} characters in total." : null;
    }

    [GeneratedRegex("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")]
    private static partial Regex HeaderName();
}
