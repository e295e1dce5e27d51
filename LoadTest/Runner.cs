using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;

namespace FinAegis.LoadTest;

/// <summary>An operation whose outcome the run did not learn (timeout, 5xx, connection lost): replayed at the end.</summary>
public sealed record Unsettled(Operation Operation, string Path, string Token, string Json, string? IdempotencyKey, int From, int To, long Amount);

public sealed record FailoverReport(double KilledAtSecond, int Pid, string PidFile, long ErrorsAfterKill, double? LastErrorAfterKillSeconds, double? ErrorFreeAfterSeconds);

/// <summary>Drives the mix against the API: a closed model (N clients) or an open one (a fixed schedule).</summary>
public sealed class Runner(ApiClient api, LoadTestOptions options, Population population, Ledger ledger, Stats stats)
{
    private const long TransferAmount = 1;
    private const long DepositAmount = 100;
    private const long WithdrawAmount = 1;
    private const long ConvertAmount = 1;

    private readonly ConcurrentQueue<Unsettled> _unsettled = new();
    private readonly ConcurrentQueue<(Guid Transfer, int From, int To, long Amount, string Token)> _pending = new();
    private readonly Stopwatch _clock = new();
    private long _lastErrorTicks = -1;

    public IReadOnlyCollection<Unsettled> UnsettledOperations => _unsettled;

    public int PendingTransfers => _pending.Count;

    public FailoverReport? Failover { get; private set; }

    public TimeSpan Elapsed { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _clock.Start();
        var progress = ProgressAsync(stop.Token);
        var killer = options.KillSiloAfterSeconds is { } after ? KillSiloAsync(after, stop.Token) : Task.CompletedTask;
        var deadline = options.Duration;
        Task[] clients;
        if (options.Rate > 0)
        {
            // Open model: request i is due at i / rate; a client takes the next due slot, waits for it, and the latency
            // counts from the slot (coordinated omission: a stalled server cannot hide its queue by slowing the sender).
            long next = -1;
            var intervalTicks = Stopwatch.Frequency / options.Rate;
            clients = Enumerable.Range(0, options.Concurrency).Select(client => Task.Run(async () =>
            {
                var random = new Random(client * 7919 + 17);
                while (true)
                {
                    var slot = Interlocked.Increment(ref next);
                    var due = (long)(slot * intervalTicks);
                    if (due >= deadline.TotalSeconds * Stopwatch.Frequency)
                    {
                        return;
                    }
                    var wait = due - _clock.ElapsedTicks;
                    if (wait > 0)
                    {
                        await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency), stop.Token);
                    }
                    await SendOneAsync(random, due);
                }
            }, stop.Token)).ToArray();
        }
        else
        {
            clients = Enumerable.Range(0, options.Concurrency).Select(client => Task.Run(async () =>
            {
                var random = new Random(client * 7919 + 17);
                while (_clock.Elapsed < deadline)
                {
                    await SendOneAsync(random, _clock.ElapsedTicks);
                }
            }, stop.Token)).ToArray();
        }
        await Task.WhenAll(clients);
        Elapsed = _clock.Elapsed;
        await stop.CancelAsync();
        await progress;
        await killer;
        if (Failover is { } failover)
        {
            var last = Interlocked.Read(ref _lastErrorTicks);
            var lastAfter = last >= 0 && (double)last / Stopwatch.Frequency > failover.KilledAtSecond ? (double)last / Stopwatch.Frequency - failover.KilledAtSecond : (double?)null;
            Failover = failover with
            {
                LastErrorAfterKillSeconds = lastAfter is null ? null : Math.Round(lastAfter.Value, 3),
                ErrorFreeAfterSeconds = Math.Round(lastAfter ?? 0, 3),
            };
        }
    }

    private async Task SendOneAsync(Random random, long startTicks)
    {
        var operation = options.Mix.Pick(random.Next(options.Mix.Total));
        var from = random.Next(population.Accounts.Length);
        var token = population.Tokens[population.Owners[from]];
        string path;
        string? json = null;
        var method = HttpMethod.Post;
        var to = -1;
        long amount = 0;
        switch (operation)
        {
            case Operation.Transfer:
                to = random.Next(population.Accounts.Length - 1);
                to += to >= from ? 1 : 0;
                amount = TransferAmount;
                path = "/api/transfers";
                json = $$"""{"from_account_uuid":"{{population.Accounts[from]}}","to_account_uuid":"{{population.Accounts[to]}}","amount":"{{Setup.Major(amount)}}","asset_code":"{{Setup.Asset}}"}""";
                break;
            case Operation.Deposit:
            case Operation.Withdraw:
                amount = operation == Operation.Deposit ? DepositAmount : WithdrawAmount;
                path = $"/api/accounts/{population.Accounts[from]}/{(operation == Operation.Deposit ? "deposit" : "withdraw")}";
                json = $$"""{"amount":"{{Setup.Major(amount)}}","asset_code":"{{Setup.Asset}}"}""";
                break;
            case Operation.Convert:
                amount = ConvertAmount;
                path = "/api/exchange/convert";
                json = $$"""{"account_uuid":"{{population.Accounts[from]}}","from_asset":"{{Setup.Asset}}","to_asset":"{{Setup.ConvertAsset}}","amount":"{{Setup.Major(amount)}}"}""";
                break;
            default:
                method = HttpMethod.Get;
                path = $"/api/accounts/{population.Accounts[from]}/balances";
                break;
        }
        var key = json is not null && options.IdempotencyKeys ? Guid.NewGuid().ToString() : null;
        int status;
        JsonElement body;
        string? error = null;
        try
        {
            (status, body) = await api.SendAsync(method, path, token, json, key);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or IOException)
        {
            status = 0;
            body = default;
            error = exception is TaskCanceledException ? "timeout" : "connection";
        }
        var micros = (_clock.ElapsedTicks - startTicks) * 1_000_000 / Stopwatch.Frequency;
        if (error is null && status >= 400 && status != 422)
        {
            // 422 is a business answer (e.g. insufficient funds); anything else 4xx/5xx is an error of the run.
            error = $"http_{status}";
        }
        if (error is not null)
        {
            Interlocked.Exchange(ref _lastErrorTicks, _clock.ElapsedTicks);
        }
        stats.Record(micros, status, error);
        if (json is null)
        {
            return;
        }
        var outcome = Account(operation, status, body, from, to, amount, token);
        if (!outcome)
        {
            var unsettled = new Unsettled(operation, path, token, json, key, from, to, amount);
            _unsettled.Enqueue(unsettled);
        }
    }

    /// <summary>Books a definite answer into the ledger; false when the outcome is unknown.</summary>
    private bool Account(Operation operation, int status, JsonElement body, int from, int to, long amount, string token)
    {
        if (status == 0 || status >= 500 || status == 409)
        {
            return false;
        }
        if (status >= 400)
        {
            return true; // refused: nothing moved
        }
        switch (operation)
        {
            case Operation.Transfer:
                var data = body.GetProperty("data");
                var transferStatus = data.GetProperty("status").GetString();
                if (transferStatus == "completed")
                {
                    ledger.Move(from, to, Setup.Asset, amount);
                }
                else if (transferStatus == "pending")
                {
                    _pending.Enqueue((data.GetProperty("uuid").GetGuid(), from, to, amount, token));
                }
                break;
            case Operation.Deposit:
                ledger.Inject(from, Setup.Asset, amount);
                break;
            case Operation.Withdraw:
                ledger.Inject(from, Setup.Asset, -amount);
                break;
            case Operation.Convert:
                var converted = body.GetProperty("data");
                ledger.Inject(from, Setup.Asset, -converted.GetProperty("from_amount").GetInt64());
                ledger.Inject(from, Setup.ConvertAsset, converted.GetProperty("to_amount").GetInt64());
                break;
        }
        return true;
    }

    /// <summary>
    /// Settles what the run left open: pending transfers are polled until they complete or fail; unknown outcomes are
    /// replayed with their Idempotency-Key (the first answer comes back, or the operation applies now, once).
    /// </summary>
    public async Task<int> SettleAsync(TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        var open = new List<Unsettled>();
        while (_unsettled.TryDequeue(out var item))
        {
            open.Add(item);
        }
        while (open.Count > 0 && DateTime.UtcNow < deadline)
        {
            var still = new ConcurrentBag<Unsettled>();
            await Parallel.ForEachAsync(open, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (item, _) =>
            {
                if (item.IdempotencyKey is null)
                {
                    still.Add(item);
                    return;
                }
                try
                {
                    var (status, body) = await api.SendAsync(HttpMethod.Post, item.Path, item.Token, item.Json, item.IdempotencyKey);
                    if (!Account(item.Operation, status, body, item.From, item.To, item.Amount, item.Token))
                    {
                        still.Add(item);
                    }
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
                {
                    still.Add(item);
                }
            });
            open = [.. still];
            if (open.All(item => item.IdempotencyKey is null))
            {
                break;
            }
            if (open.Count > 0)
            {
                await Task.Delay(500);
            }
        }
        while (_pending.TryDequeue(out var transfer))
        {
            while (true)
            {
                string? status = null;
                try
                {
                    var (code, body) = await api.SendAsync(HttpMethod.Get, $"/api/transfers/{transfer.Transfer}", transfer.Token, null);
                    status = code == 200 ? body.GetProperty("data").GetProperty("status").GetString() : null;
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
                {
                }
                if (status == "completed")
                {
                    ledger.Move(transfer.From, transfer.To, Setup.Asset, transfer.Amount);
                    break;
                }
                if (status == "failed")
                {
                    break;
                }
                if (DateTime.UtcNow > deadline)
                {
                    ledger.MaybeMove(transfer.From, transfer.To, Setup.Asset, transfer.Amount);
                    open.Add(new Unsettled(Operation.Transfer, $"/api/transfers/{transfer.Transfer}", transfer.Token, "", null, transfer.From, transfer.To, transfer.Amount));
                    break;
                }
                await Task.Delay(500);
            }
        }
        // Whatever stays unknown widens the expected ranges instead of failing the check on a guess.
        foreach (var item in open.Where(item => item.Json.Length > 0))
        {
            switch (item.Operation)
            {
                case Operation.Transfer: ledger.MaybeMove(item.From, item.To, Setup.Asset, item.Amount); break;
                case Operation.Deposit: ledger.MaybeInject(item.From, Setup.Asset, item.Amount); break;
                case Operation.Withdraw: ledger.MaybeInject(item.From, Setup.Asset, -item.Amount); break;
                case Operation.Convert: ledger.MaybeInject(item.From, Setup.Asset, -item.Amount); ledger.MaybeInject(item.From, Setup.ConvertAsset, item.Amount); break;
            }
        }
        return open.Count;
    }

    private async Task ProgressAsync(CancellationToken cancellationToken)
    {
        var second = 0;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                second++;
                var point = stats.Tick(second);
                Console.Error.Write($"\r[{second,4}s] {point.Requests,7:N0} req/s  p50 {point.P50Ms,7:F1} ms  p99 {point.P99Ms,7:F1} ms  max {point.MaxMs,7:F0} ms  errors {point.Errors,5}  total {stats.Requests:N0}   ");
            }
        }
        catch (OperationCanceledException)
        {
        }
        stats.Tick(second + 1);
        Console.Error.WriteLine();
    }

    private async Task KillSiloAsync(double afterSeconds, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(afterSeconds), cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        var pidFile = Directory.Exists(options.DataDir)
            ? Directory.GetFiles(options.DataDir, "silo-*.pid").OrderByDescending(path => path, StringComparer.Ordinal).FirstOrDefault()
            : null;
        if (pidFile is null || !int.TryParse((await File.ReadAllTextAsync(pidFile, cancellationToken)).Trim(), out var pid))
        {
            Console.Error.WriteLine($"\n--kill-silo-after: no silo-<i>.pid in {options.DataDir}; nothing killed");
            return;
        }
        var at = _clock.Elapsed.TotalSeconds;
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            process.Kill(entireProcessTree: false); // SIGKILL on Unix
        }
        catch (ArgumentException)
        {
            Console.Error.WriteLine($"\n--kill-silo-after: process {pid} from {pidFile} is not running");
            return;
        }
        Console.Error.WriteLine($"\n  killed silo pid {pid} ({Path.GetFileName(pidFile)}) at {at:F1}s");
        Failover = new FailoverReport(Math.Round(at, 3), pid, pidFile, 0, null, null);
    }

    /// <summary>Errors counted after the kill, from the timeline.</summary>
    public long ErrorsAfter(double second) => stats.Timeline.Where(point => point.Second > Math.Floor(second)).Sum(point => point.Errors);
}
