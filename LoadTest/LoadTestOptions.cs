using System.Globalization;

namespace FinAegis.LoadTest;

/// <summary>The command line of the load test (the "run" mode); see <see cref="Usage"/>.</summary>
public sealed class LoadTestOptions
{
    public const string Usage = """
        FinAegis.LoadTest [run] [options]            drive the API with a mix of requests
          --url URL                 API base (default http://127.0.0.1:5080)
          --duration 30s            how long to drive (s, m suffixes; default 30s)
          --warmup 60s              first drive the same mix on the same accounts this long, unmeasured (default none):
                                    accounts then carry full operation windows and snapshots, as long-lived ones do
          --concurrency N           closed model: N clients, each sends when the previous answer came (default 64)
          --rate R                  open model: R requests/s on a fixed schedule, latency from the intended send time
                                    (at most --concurrency in flight; default off)
          --accounts N              accounts to create and fund (default 1000), owned by --users users (default N/10)
          --mix transfer=70,deposit=10,balance=20,convert=0,withdraw=0
          --out DIR                 result.json and chart.png (default loadtest-out)
          --kill-silo-after S       kill -9 one silo S seconds into the run (pid from --data-dir/silo-<i>.pid)
          --data-dir DIR            where run.sh writes its pid files (default .data)
          --no-idempotency-keys     send money-moving requests without Idempotency-Key (unknown outcomes then stay unknown)
          --metrics-url URL[,URL]   silo /metrics endpoints: events appended/s during the drive go into the result
          --cpu-pids NAME=PID[,..]  processes on this host (e.g. silo=123,api=456,db=789): their CPU time, and
                                    LoadTest's own, per request of the drive go into the result (Linux /proc)
          --admin-email E --admin-password P   an administrator, to set the USD->EUR rate when the mix converts
        FinAegis.LoadTest db-ceiling --mysql CONNSTR [--seconds 10] [--batch 100] [--connections 2]
        FinAegis.LoadTest activation-prepare --url URL [--events 100000] [--state activation.json]
        FinAegis.LoadTest activation-probe --url URL [--state activation.json]    (after a restart; see bench/run.sh)
        """;

    public Uri Url { get; private set; } = new("http://127.0.0.1:5080");
    public TimeSpan Duration { get; private set; } = TimeSpan.FromSeconds(30);
    public TimeSpan WarmUp { get; private set; } = TimeSpan.Zero;
    public int Concurrency { get; private set; } = 64;
    public double Rate { get; private set; }
    public int Accounts { get; private set; } = 1000;
    public int Users { get; private set; }
    public Mix Mix { get; private set; } = Mix.Parse("transfer=70,deposit=10,balance=20");
    public string OutDir { get; private set; } = "loadtest-out";
    public double? KillSiloAfterSeconds { get; private set; }
    public string DataDir { get; private set; } = ".data";
    public bool IdempotencyKeys { get; private set; } = true;
    public IReadOnlyList<Uri> MetricsUrls { get; private set; } = [];
    public IReadOnlyDictionary<string, int> CpuPids { get; private set; } = new Dictionary<string, int>();
    public string? AdminEmail { get; private set; }
    public string? AdminPassword { get; private set; }

    public static LoadTestOptions Parse(IReadOnlyList<string> args)
    {
        var options = new LoadTestOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string value = "";
            if (name.Contains('=', StringComparison.Ordinal) && name.StartsWith("--", StringComparison.Ordinal))
            {
                value = name[(name.IndexOf('=', StringComparison.Ordinal) + 1)..];
                name = name[..name.IndexOf('=', StringComparison.Ordinal)];
            }
            else if (name != "--no-idempotency-keys")
            {
                value = i + 1 < args.Count ? args[++i] : throw new FormatException($"{name} needs a value.");
            }
            switch (name)
            {
                case "--url": options.Url = Uri.TryCreate(value, UriKind.Absolute, out var url) ? url : throw new FormatException("--url must be an absolute URL."); break;
                case "--duration": options.Duration = ParseDuration(value); break;
                case "--warmup": options.WarmUp = ParseDuration(value); break;
                case "--concurrency": options.Concurrency = ParseInt(name, value, 1, 100_000); break;
                case "--rate": options.Rate = ParseDouble(name, value, 0.001, 10_000_000); break;
                case "--accounts": options.Accounts = ParseInt(name, value, 2, 10_000_000); break;
                case "--users": options.Users = ParseInt(name, value, 1, 1_000_000); break;
                case "--mix": options.Mix = Mix.Parse(value); break;
                case "--out": options.OutDir = value; break;
                case "--kill-silo-after": options.KillSiloAfterSeconds = ParseDouble(name, value, 0, 86_400); break;
                case "--data-dir": options.DataDir = value; break;
                case "--no-idempotency-keys": options.IdempotencyKeys = false; break;
                case "--metrics-url": options.MetricsUrls = value.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(url => new Uri(url)).ToList(); break;
                case "--cpu-pids": options.CpuPids = CpuUsage.ParsePids(value); break;
                case "--admin-email": options.AdminEmail = value; break;
                case "--admin-password": options.AdminPassword = value; break;
                default: throw new FormatException($"Unknown option {name}.");
            }
        }
        if (options.Users == 0)
        {
            options.Users = Math.Max(1, options.Accounts / 10);
        }
        if (options.Users > options.Accounts)
        {
            throw new FormatException("--users cannot exceed --accounts (every user owns at least one account).");
        }
        if (options.KillSiloAfterSeconds >= options.Duration.TotalSeconds)
        {
            throw new FormatException("--kill-silo-after must fall inside --duration.");
        }
        return options;
    }

    /// <summary>The same drive for the warm-up: its length, and no silo kill (that belongs to the measured run).</summary>
    internal LoadTestOptions ForWarmUp()
    {
        var warmUp = (LoadTestOptions)MemberwiseClone();
        warmUp.Duration = WarmUp;
        warmUp.KillSiloAfterSeconds = null;
        return warmUp;
    }

    /// <summary>"30", "30s", "2m", "1500ms".</summary>
    public static TimeSpan ParseDuration(string text)
    {
        (string number, double scale) = text switch
        {
            _ when text.EndsWith("ms", StringComparison.Ordinal) => (text[..^2], 0.001),
            _ when text.EndsWith('s') => (text[..^1], 1.0),
            _ when text.EndsWith('m') => (text[..^1], 60.0),
            _ when text.EndsWith('h') => (text[..^1], 3600.0),
            _ => (text, 1.0),
        };
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value <= 0 || value * scale > 86_400)
        {
            throw new FormatException($"--duration: '{text}' is not a positive duration such as 30s or 2m.");
        }
        return TimeSpan.FromSeconds(value * scale);
    }

    internal static int ParseInt(string name, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed >= min && parsed <= max
            ? parsed
            : throw new FormatException($"{name} must be a whole number from {min} to {max}.");

    internal static double ParseDouble(string name, string value, double min, double max) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && parsed >= min && parsed <= max
            ? parsed
            : throw new FormatException($"{name} must be a number from {min} to {max}.");
}
