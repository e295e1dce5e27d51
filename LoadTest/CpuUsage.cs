using System.Diagnostics;
using System.Globalization;

namespace FinAegis.LoadTest;

/// <summary>
/// CPU time of named processes on this host (silo, API, database: read from Linux's /proc) and of LoadTest itself,
/// taken at the start and end of the measured drive. Divided by the requests of the drive it gives the CPU each
/// process spends per request: the figure that says where a CPU-bound run's time goes.
/// </summary>
public sealed class CpuUsage
{
    public const string Self = "loadtest";

    // /proc reports utime and stime in USER_HZ ticks, which the kernel's user ABI fixes at 100 per second.
    private const double TicksPerSecond = 100;

    private readonly IReadOnlyDictionary<string, int> _pids;
    private readonly Dictionary<string, TimeSpan> _start;

    private CpuUsage(IReadOnlyDictionary<string, int> pids)
    {
        _pids = pids;
        _start = Read();
    }

    /// <summary>Starts measuring; null when no process was named.</summary>
    public static CpuUsage? Start(IReadOnlyDictionary<string, int> pids) => pids.Count == 0 ? null : new CpuUsage(pids);

    /// <summary>Microseconds of CPU per request for each process (one missing or gone is left out), and their total.</summary>
    public IReadOnlyDictionary<string, double> MicrosecondsPerRequest(long requests)
    {
        var end = Read();
        var perRequest = new Dictionary<string, double>();
        foreach (var (name, started) in _start)
        {
            if (end.TryGetValue(name, out var ended) && requests > 0)
            {
                perRequest[name] = Math.Round((ended - started).TotalMicroseconds / requests, 1);
            }
        }
        perRequest["total"] = Math.Round(perRequest.Values.Sum(), 1);
        return perRequest;
    }

    private Dictionary<string, TimeSpan> Read()
    {
        var times = new Dictionary<string, TimeSpan> { [Self] = Process.GetCurrentProcess().TotalProcessorTime };
        foreach (var (name, pid) in _pids)
        {
            if (TryReadProc(pid) is { } time)
            {
                times[name] = time;
            }
        }
        return times;
    }

    /// <summary>utime + stime of a process from /proc/PID/stat; null when it cannot be read (not Linux, no such process).</summary>
    public static TimeSpan? TryReadProc(int pid)
    {
        try
        {
            return ParseStat(File.ReadAllText($"/proc/{pid}/stat"));
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The fields after the command name, which may itself hold spaces and parentheses: utime and stime are the 14th and 15th.</summary>
    public static TimeSpan ParseStat(string stat)
    {
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    /// <summary>"silo=1234,api=1240,db=998".</summary>
    public static IReadOnlyDictionary<string, int> ParsePids(string text)
    {
        var pids = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = part.Split('=');
            if (pair.Length != 2 || pair[0].Length == 0 || pair[0] == Self || pair[0] == "total" || !pids.TryAdd(pair[0], 0)
                || !int.TryParse(pair[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid <= 0)
            {
                throw new FormatException($"--cpu-pids: '{part}' is not NAME=PID (names unique, not '{Self}' or 'total').");
            }
            pids[pair[0]] = pid;
        }
        return pids;
    }
}
