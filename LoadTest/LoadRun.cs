namespace FinAegis.LoadTest;

/// <summary>The "run" mode: set up, drive, settle, verify, report.</summary>
public static class LoadRun
{
    public static async Task<int> RunAsync(LoadTestOptions options)
    {
        using var api = new ApiClient(options.Url);
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        var started = DateTimeOffset.UtcNow;
        var ledger = new Ledger(options.Accounts, [Setup.Asset, Setup.ConvertAsset]);
        Console.Error.WriteLine($"Setting up against {options.Url} ...");
        var population = await Setup.CreateAsync(api, options, ledger, cancel.Token);
        var warmUpUnsettled = 0;
        if (options.WarmUp > TimeSpan.Zero)
        {
            // Same accounts and ledger (so verification covers it), its own statistics, which are dropped.
            Console.Error.WriteLine($"Warming up: the same drive on the same accounts for {options.WarmUp.TotalSeconds:F0} s (not measured) ...");
            var warmUp = new Runner(api, options.ForWarmUp(), population, ledger, new Stats());
            await warmUp.RunAsync(cancel.Token);
            warmUpUnsettled = await warmUp.SettleAsync(TimeSpan.FromSeconds(60));
        }
        var stats = new Stats();
        var runner = new Runner(api, options, population, ledger, stats);
        Console.Error.WriteLine(options.Rate > 0
            ? $"Driving {options.Rate:F0} requests/s (open model, up to {options.Concurrency} in flight) for {options.Duration.TotalSeconds:F0} s ..."
            : $"Driving {options.Concurrency} clients (closed model) for {options.Duration.TotalSeconds:F0} s ...");
        var eventsBefore = await EventCounter.ReadAsync(options.MetricsUrls);
        var cpu = CpuUsage.Start(options.CpuPids);
        await runner.RunAsync(cancel.Token);
        var cpuPerRequest = cpu?.MicrosecondsPerRequest(stats.Requests);
        var eventsAfter = await EventCounter.ReadAsync(options.MetricsUrls);
        Console.Error.WriteLine("Settling pending and unknown operations, reading balances back ...");
        var unsettled = warmUpUnsettled + await runner.SettleAsync(TimeSpan.FromSeconds(60));
        var actual = await ReadBalancesAsync(api, population);
        var verification = Verification.Check(ledger, actual);
        var failover = runner.Failover is { } kill ? kill with { ErrorsAfterKill = runner.ErrorsAfter(kill.KilledAtSecond) } : null;
        var result = new RunResult(started, options.Url.ToString(), options.Rate > 0 ? "open" : "closed", options.Concurrency,
            options.Rate > 0 ? options.Rate : null, Math.Round(runner.Elapsed.TotalSeconds, 3), options.Accounts, options.Users,
            options.Mix.Weights.ToDictionary(pair => pair.Key.ToString().ToLowerInvariant(), pair => pair.Value),
            stats.Requests, Math.Round(stats.Requests / runner.Elapsed.TotalSeconds, 1), stats.Failures, stats.Summary(),
            stats.Statuses.ToDictionary(), stats.Errors.ToDictionary(), failover,
            eventsBefore is null || eventsAfter is null ? null : Math.Round((eventsAfter.Value - eventsBefore.Value) / runner.Elapsed.TotalSeconds, 1), cpuPerRequest, unsettled, verification, stats.Timeline);
        await Report.WriteAsync(result, options.OutDir);
        Report.Print(result);
        Console.WriteLine($"  written       {Path.GetFullPath(Path.Combine(options.OutDir, "result.json"))}, chart.png");
        return verification.Passed ? 0 : 1;
    }

    private static async Task<IReadOnlyList<IReadOnlyDictionary<string, long>?>> ReadBalancesAsync(ApiClient api, Population population)
    {
        var balances = new IReadOnlyDictionary<string, long>?[population.Accounts.Length];
        await Parallel.ForEachAsync(Enumerable.Range(0, population.Accounts.Length), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (account, _) =>
        {
            try
            {
                var body = await api.ExpectAsync(HttpMethod.Get, $"/api/accounts/{population.Accounts[account]}/balances",
                    population.Tokens[population.Owners[account]], null, null, 200);
                balances[account] = body.GetProperty("data").GetProperty("balances").EnumerateArray()
                    .ToDictionary(balance => balance.GetProperty("asset_code").GetString()!, balance => balance.GetProperty("balance").GetInt64());
            }
            catch (InvalidOperationException)
            {
                balances[account] = null;
            }
        });
        return balances;
    }
}
