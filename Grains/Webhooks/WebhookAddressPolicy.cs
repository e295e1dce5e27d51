using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace FinAegis.Grains.Webhooks;

/// <summary>
/// Keeps webhooks off the platform's own network (SSRF): a URL whose host resolves to a loopback, private,
/// link-local, shared, multicast or otherwise non-public address is refused, unless the operator set
/// FINAEGIS_WEBHOOKS_ALLOW_PRIVATE=true. Checked when a webhook is saved and again on every connection the dispatcher
/// opens, so a name that later resolves elsewhere (DNS rebinding) is still refused.
/// </summary>
public sealed class WebhookAddressPolicy(IOptions<WebhookOptions> options)
{
    private static readonly TimeSpan _resolveTimeout = TimeSpan.FromSeconds(5);

    public bool AllowPrivate => options.Value.AllowPrivateAddresses;

    /// <summary>Null when the URL's host may be called; otherwise why not.</summary>
    public async Task<string?> CheckAsync(Uri url, CancellationToken cancellationToken = default)
    {
        if (AllowPrivate)
        {
            return null;
        }
        IReadOnlyList<IPAddress> addresses;
        try
        {
            addresses = await ResolveAsync(url.IdnHost, cancellationToken);
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException or ArgumentException)
        {
            return "The url's host does not resolve.";
        }
        if (addresses.Count == 0)
        {
            return "The url's host does not resolve.";
        }
        return addresses.All(IsPublic) ? null : "The url points to a private, loopback or link-local address.";
    }

    /// <summary>The addresses of <paramref name="host"/> the dispatcher may connect to (all of them when private ones are allowed).</summary>
    public async Task<IReadOnlyList<IPAddress>> AllowedAddressesAsync(string host, CancellationToken cancellationToken)
    {
        var addresses = await ResolveAsync(host, cancellationToken);
        return AllowPrivate ? addresses : addresses.Where(IsPublic).ToList();
    }

    private static async Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        var literal = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        if (IPAddress.TryParse(literal, out var address))
        {
            return [address];
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_resolveTimeout);
        return await Dns.GetHostAddressesAsync(host, timeout.Token);
    }

    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] == 0                                   // "this" network
                || b[0] == 10                                    // private
                || b[0] == 127                                   // loopback
                || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)    // carrier-grade NAT
                || (b[0] == 169 && b[1] == 254)                  // link-local (cloud metadata)
                || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)     // private
                || (b[0] == 192 && b[1] == 0 && b[2] == 0)       // IETF protocol assignments
                || (b[0] == 192 && b[1] == 168)                  // private
                || (b[0] == 198 && (b[1] == 18 || b[1] == 19))   // benchmarking
                || b[0] >= 224);                                 // multicast, reserved, broadcast
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (address.Equals(IPAddress.IPv6Loopback) || address.Equals(IPAddress.IPv6None) || address.IsIPv6LinkLocal
                || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal)
            {
                return false;
            }
            var b = address.GetAddressBytes();
            // IPv4-compatible, NAT64 and 6to4 forms can smuggle private IPv4 addresses: refuse them outright.
            return !(b.Take(12).All(x => x == 0) || (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b) || (b[0] == 0x20 && b[1] == 0x02));
        }
        return false;
    }
}
