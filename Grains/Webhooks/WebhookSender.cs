using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace FinAegis.Grains.Webhooks;

/// <summary>What one POST produced: a status code and the start of the body, or why there was none.</summary>
internal sealed record SendResult(bool Succeeded, int? StatusCode, string? Body);

/// <summary>
/// POSTs one delivery with the headers and signature of SPEC §9. One pooled handler per silo; connections go only to
/// addresses <see cref="WebhookAddressPolicy"/> allows (checked at connect time, after DNS), redirects are not
/// followed (a 3xx is a failure), and no proxy from the environment is used.
/// </summary>
internal sealed class WebhookSender : IDisposable
{
    public const string UserAgent = "FinAegis-Webhook/1.0";

    private readonly HttpClient _client;
    private readonly int _maxBodyChars;

    public WebhookSender(WebhookAddressPolicy addresses, int maxBodyChars)
    {
        _maxBodyChars = maxBodyChars;
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            MaxConnectionsPerServer = 64,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var allowed = await addresses.AllowedAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
                if (allowed.Count == 0)
                {
                    throw new HttpRequestException("The webhook host resolves only to refused (private or loopback) addresses.");
                }
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(allowed.ToArray(), context.DnsEndPoint.Port, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <exception cref="OperationCanceledException">Only when <paramref name="stopping"/> fired (the silo is stopping).</exception>
    public async Task<SendResult> SendAsync(ClaimedDelivery delivery, string secret, CancellationToken stopping)
    {
        var body = Encoding.UTF8.GetBytes(delivery.Payload);
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        foreach (var (name, value) in delivery.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        request.Headers.TryAddWithoutValidation("X-Webhook-Id", delivery.WebhookId.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("X-Webhook-Event", delivery.EventType);
        request.Headers.TryAddWithoutValidation("X-Webhook-Delivery", delivery.Id.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("X-Webhook-Signature", WebhookSignature.Header(secret, timestamp, body));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(TimeSpan.FromSeconds(delivery.TimeoutSeconds));
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var text = await ReadStartAsync(response, timeout.Token);
            var code = (int)response.StatusCode;
            return new SendResult(code is >= 200 and < 300, code, text);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            return new SendResult(false, null, $"No answer within {delivery.TimeoutSeconds} s.");
        }
        catch (HttpRequestException exception)
        {
            return new SendResult(false, null, Truncate("Request failed: " + exception.Message));
        }
    }

    private async Task<string> ReadStartAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[_maxBodyChars * 4];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken)) > 0)
        {
            read += n;
        }
        return Truncate(Encoding.UTF8.GetString(buffer, 0, read));
    }

    private string Truncate(string text) => text.Length <= _maxBodyChars ? text : text[.._maxBodyChars];

    public void Dispose() => _client.Dispose();
}
