using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FinAegis.Tests.Webhooks;

/// <summary>One request as the receiver saw it: the raw body bytes and every header.</summary>
public sealed record ReceivedRequest(string Path, byte[] Body, IReadOnlyDictionary<string, string> Headers, DateTime ReceivedAt)
{
    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);

    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : "";
}

/// <summary>
/// A real HTTP receiver on 127.0.0.1 (Kestrel on a free port). Each path has its own behaviour: a function of the
/// 1-based call number giving the status to answer and how long to wait first.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Func<int, Task<int>>> _behaviours = new();
    private readonly ConcurrentDictionary<string, int> _calls = new();

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    private WebhookReceiver(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.BaseUrl = address.Replace("[::1]", "127.0.0.1").TrimEnd('/');
        return receiver;
    }

    /// <summary>A fresh path answering with <paramref name="behaviour"/> (default: 200 at once).</summary>
    public string NewEndpoint(Func<int, Task<int>>? behaviour = null)
    {
        var path = "/hooks/" + Guid.NewGuid().ToString("N");
        _behaviours[path] = behaviour ?? (_ => Task.FromResult(200));
        return BaseUrl + path;
    }

    public IReadOnlyList<ReceivedRequest> For(string url) =>
        Requests.Where(r => BaseUrl + r.Path == url).OrderBy(r => r.ReceivedAt).ToList();

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var path = context.Request.Path.Value ?? "";
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        Requests.Enqueue(new ReceivedRequest(path, buffer.ToArray(), headers, DateTime.UtcNow));
        var call = _calls.AddOrUpdate(path, 1, (_, n) => n + 1);
        var status = _behaviours.TryGetValue(path, out var behaviour) ? await behaviour(call) : 404;
        context.Response.StatusCode = status;
        await context.Response.WriteAsync($"answer {call}: {status}");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
