using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace FinAegis.LoadTest;

/// <summary>
/// Activation cost of a long stream: "activation-prepare" builds one account with N events (N-1 small deposits through
/// the API, the honest way: every event hash-chained and snapshotted by the real grain) and a few with 100;
/// after the cluster restarted (all activations gone), "activation-probe" times the first deposit on each (a cold
/// activation plus one append) against warm deposits on the same accounts.
/// </summary>
public static class Activation
{
    private sealed record State(string Token, Guid Big, Guid[] Small, Guid Spare, int Events);

    public static async Task<int> PrepareAsync(IReadOnlyList<string> args)
    {
        var url = new Uri(Arg(args, "--url") ?? "http://127.0.0.1:5080");
        var events = LoadTestOptions.ParseInt("--events", Arg(args, "--events") ?? "100000", 2, 10_000_000);
        var statePath = Arg(args, "--state") ?? "activation.json";
        using var api = new ApiClient(url);
        var email = $"activation-{Guid.NewGuid():N}@example.com";
        var token = (await api.ExpectAsync(HttpMethod.Post, "/api/auth/register", null,
            JsonSerializer.Serialize(new { name = "Activation", email, password = "load-test-password" }), null, 201, 200)).GetProperty("access_token").GetString()!;
        async Task<Guid> OpenAsync() => (await api.ExpectAsync(HttpMethod.Post, "/api/accounts", token, """{"name":"Activation"}""", null, 201))
            .GetProperty("data").GetProperty("uuid").GetGuid();
        var big = await OpenAsync();
        var small = new[] { await OpenAsync(), await OpenAsync(), await OpenAsync() };
        var spare = await OpenAsync();
        var clock = Stopwatch.StartNew();
        await DepositsAsync(api, token, big, events - 1, "big");
        foreach (var account in small)
        {
            await DepositsAsync(api, token, account, 99, "small");
        }
        Console.Error.WriteLine($"  prepared in {clock.Elapsed.TotalSeconds:F0} s");
        await File.WriteAllTextAsync(statePath, JsonSerializer.Serialize(new State(token, big, small, spare, events)));
        return 0;
    }

    public static async Task<int> ProbeAsync(IReadOnlyList<string> args)
    {
        var url = new Uri(Arg(args, "--url") ?? "http://127.0.0.1:5080");
        var state = JsonSerializer.Deserialize<State>(await File.ReadAllTextAsync(Arg(args, "--state") ?? "activation.json"))!;
        using var api = new ApiClient(url);
        // The first call after a restart also pays for connections and caches: spend it on an account we do not measure.
        await TimedDepositAsync(api, state.Token, state.Spare);
        var coldSmall = new List<double>();
        foreach (var account in state.Small)
        {
            coldSmall.Add(await TimedDepositAsync(api, state.Token, account));
        }
        var coldBig = await TimedDepositAsync(api, state.Token, state.Big);
        var warmSmall = new List<double>();
        var warmBig = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            warmSmall.Add(await TimedDepositAsync(api, state.Token, state.Small[i % state.Small.Length]));
            warmBig.Add(await TimedDepositAsync(api, state.Token, state.Big));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"activation_cold_ms_100_events={Median(coldSmall):F1} activation_cold_ms_{state.Events}_events={coldBig:F1} warm_deposit_ms_100_events={Median(warmSmall):F1} warm_deposit_ms_{state.Events}_events={Median(warmBig):F1}"));
        return 0;
    }

    private static async Task DepositsAsync(ApiClient api, string token, Guid account, int count, string label)
    {
        var next = -1;
        var body = """{"amount":"0.01","asset_code":"USD"}""";
        await Task.WhenAll(Enumerable.Range(0, 64).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < count)
            {
                await api.ExpectAsync(HttpMethod.Post, $"/api/accounts/{account}/deposit", token, body, Guid.NewGuid().ToString(), 200);
                if (index % 5000 == 0)
                {
                    Console.Error.Write($"\r  {label}: {index}/{count} deposits ");
                }
            }
        }));
        Console.Error.WriteLine($"\r  {label}: {count} deposits done        ");
    }

    private static async Task<double> TimedDepositAsync(ApiClient api, string token, Guid account)
    {
        var clock = Stopwatch.StartNew();
        await api.ExpectAsync(HttpMethod.Post, $"/api/accounts/{account}/deposit", token, """{"amount":"0.01","asset_code":"USD"}""", Guid.NewGuid().ToString(), 200);
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static string? Arg(IReadOnlyList<string> args, string name)
    {
        var index = args.ToList().IndexOf(name);
        return index >= 0 && index + 1 < args.Count ? args[index + 1] : null;
    }
}
