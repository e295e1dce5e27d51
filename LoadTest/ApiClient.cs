using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace FinAegis.LoadTest;

/// <summary>One HttpClient over a SocketsHttpHandler with a large connection pool; JSON helpers for the few calls made.</summary>
public sealed class ApiClient : IDisposable
{
    private readonly HttpClient _http;

    public ApiClient(Uri baseUrl)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 100_000,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
        };
        _http = new HttpClient(handler) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task<(int Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string? token, string? json,
        string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        JsonElement body = default;
        if (bytes.Length > 0 && (response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) ?? false))
        {
            using var document = JsonDocument.Parse(bytes);
            body = document.RootElement.Clone();
        }
        return ((int)response.StatusCode, body);
    }

    /// <summary>A setup call, retried on 5xx and connection errors (money-moving ones carry an Idempotency-Key).</summary>
    public async Task<JsonElement> ExpectAsync(HttpMethod method, string path, string? token, string? json, string? idempotencyKey, params int[] statuses)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var (status, body) = await SendAsync(method, path, token, json, idempotencyKey);
                if (statuses.Contains(status))
                {
                    return body;
                }
                if (status < 500 || attempt >= 5)
                {
                    throw new InvalidOperationException($"{method} {path} answered {status}: {body}");
                }
            }
            catch (HttpRequestException) when (attempt < 5)
            {
            }
            await Task.Delay(200 * attempt);
        }
    }

    public void Dispose() => _http.Dispose();
}
