using System.Globalization;
using FinAegis.Grains.Integrity;

namespace FinAegis.Cli;

/// <summary>
/// `finaegis VERB [options]`. Exit codes: 0 all good; 1 differences found or the operation failed; 2 usage error;
/// 3 refused (silos serving, a non-empty restore target, an incomplete backup file).
/// </summary>
public static class CliApp
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;
    public const int Refused = 3;

    private const string ConnectionHelp =
        "  --connection CS      MySQL connection string (default: $FINAEGIS_MYSQL). TLS: SslMode=Required|VerifyCA|VerifyFull;SslCa=/path/ca.pem\n";

    private static readonly Dictionary<string, string> _help = new(StringComparer.Ordinal)
    {
        ["verify"] =
            "finaegis verify [--connection CS] [--max-report N] [--quiet]\n\n"
            + "Replays every stream of stored_events (one stream in memory at a time), checks each stream's hash chain and\n"
            + "version sequence, recomputes every read model (accounts with the legacy USD balance, account_balances, turnovers,\n"
            + "transfers, and those of every other registered aggregate) and prints every difference, naming the stream, the row\n"
            + "and the values. Exit code 0 only when everything agrees. Run it on a quiescent database or a restored backup.\n\n"
            + ConnectionHelp
            + "  --max-report N       print at most N differences (default 1000; all are counted)\n"
            + "  --quiet              no progress line on stderr\n",
        ["rebuild-projections"] =
            "finaegis rebuild-projections [--connection CS] [--force] [--alive-window SECONDS] [--quiet]\n\n"
            + "Recomputes the read models from the events and makes the tables hold exactly that: missing rows are inserted,\n"
            + "wrong ones rewritten (keeping their ids), extra ones deleted. Idempotent: a second run changes nothing. Streams\n"
            + "whose hash chain is broken are left alone and reported. Refuses while silos are serving (Active rows of\n"
            + "OrleansMembershipTable with a recent IAmAliveTime) unless --force.\n\n"
            + ConnectionHelp
            + "  --force              run even though silos look alive\n"
            + "  --alive-window S     a silo counts as serving when it beat within S seconds (default 600)\n"
            + "  --quiet              no progress line on stderr\n",
        ["backup"] =
            "finaegis backup FILE [--connection CS] [--dump-tool PATH]\n\n"
            + "A consistent logical backup of the whole database with mariadb-dump or mysqldump (--single-transaction\n"
            + "--routines --triggers). Written to FILE.partial and renamed when the dump tool succeeded and the dump ends with\n"
            + "its '-- Dump completed' trailer; FILE.sha256 holds the checksum restore checks.\n\n"
            + ConnectionHelp
            + "  --dump-tool PATH     the dump tool (default: mariadb-dump, else mysqldump, from PATH)\n",
        ["restore"] =
            "finaegis restore FILE [--connection CS] [--client-tool PATH] [--skip-verify] [--quiet]\n\n"
            + "Restores FILE into the EMPTY database named by the connection string (created when missing; a database with\n"
            + "any table is refused), after checking FILE.sha256 and the dump trailer (a truncated backup is refused), then\n"
            + "runs verify on the result. Orleans membership rows of the backed-up cluster are removed.\n\n"
            + ConnectionHelp
            + "  --client-tool PATH   the client (default: mariadb, else mysql, from PATH)\n"
            + "  --skip-verify        do not run verify after the restore\n"
            + "  --quiet              no progress line on stderr\n",
    };

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, Func<string, string?> environment,
        CancellationToken cancellationToken = default)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            if (args.Length > 1 && _help.TryGetValue(args[1], out var verbHelp))
            {
                await stdout.WriteAsync(verbHelp);
                return Ok;
            }
            await stdout.WriteAsync(GeneralHelp());
            return args.Length == 0 ? Usage : Ok;
        }
        var verb = args[0];
        if (!_help.TryGetValue(verb, out var help))
        {
            await stderr.WriteLineAsync($"Unknown verb '{verb}'.");
            await stderr.WriteAsync(GeneralHelp());
            return Usage;
        }
        try
        {
            return verb switch
            {
                "verify" => await VerifyAsync(args[1..], stdout, stderr, environment, cancellationToken),
                "rebuild-projections" => await RebuildAsync(args[1..], stdout, stderr, environment, cancellationToken),
                "backup" => await BackupAsync(args[1..], stdout, environment, cancellationToken),
                _ => await RestoreAsync(args[1..], stdout, stderr, environment, cancellationToken),
            };
        }
        catch (HelpRequested)
        {
            await stdout.WriteAsync(help);
            return Ok;
        }
        catch (UsageException exception)
        {
            await stderr.WriteLineAsync(exception.Message);
            await stderr.WriteAsync(help);
            return Usage;
        }
        catch (BackupRefusedException exception)
        {
            await stderr.WriteLineAsync(exception.Message);
            return Refused;
        }
        catch (OperationCanceledException)
        {
            await stderr.WriteLineAsync($"{verb}: cancelled.");
            return Failed;
        }
        catch (Exception exception)
        {
            await stderr.WriteLineAsync($"{verb} failed: {exception.Message}");
            return Failed;
        }
    }

    private static string GeneralHelp() =>
        "finaegis: the FinAegis operator's tool.\n\n"
        + "usage: finaegis VERB [options]      finaegis VERB --help\n\n"
        + "verbs:\n"
        + "  verify                replay every stream, check hash chains and every read model; exit 0 only if all agree\n"
        + "  rebuild-projections   recompute the read models from the events (idempotent; refuses while silos serve)\n"
        + "  backup FILE           consistent logical backup (dump tool, single transaction, checksum sidecar)\n"
        + "  restore FILE          restore a checked backup into an empty database, then verify it\n\n"
        + "exit codes: 0 ok, 1 differences or failure, 2 usage error, 3 refused\n";

    private static async Task<int> VerifyAsync(string[] args, TextWriter stdout, TextWriter stderr, Func<string, string?> environment,
        CancellationToken cancellationToken)
    {
        var parsed = Parse(args, ["connection", "max-report"], ["quiet"], positionals: 0);
        var connection = Connection(parsed, environment);
        return await RunVerifyAsync(connection, parsed.IntValue("max-report", 1000, 0, int.MaxValue), parsed.Has("quiet"), stdout, stderr,
            cancellationToken);
    }

    private static async Task<int> RunVerifyAsync(string connection, int maxReport, bool quiet, TextWriter stdout, TextWriter stderr,
        CancellationToken cancellationToken)
    {
        var checker = new IntegrityChecker(connection);
        var progress = new ProgressLine(stderr, "verify", !quiet);
        var printed = 0;
        var report = await checker.VerifyAsync(difference =>
        {
            if (printed++ < maxReport)
            {
                progress.Finish();
                stdout.WriteLine(difference.ToString());
            }
        }, progress, cancellationToken);
        progress.Finish();
        await stdout.WriteLineAsync(Summary("verify", report, checker)
            + (report.IsClean ? ": every hash chain is intact and every read model agrees with the events."
                : $": {report.Differences:N0} differences{(report.Differences > maxReport ? $" ({maxReport:N0} printed)" : "")}."));
        return report.IsClean ? Ok : Failed;
    }

    private static async Task<int> RebuildAsync(string[] args, TextWriter stdout, TextWriter stderr, Func<string, string?> environment,
        CancellationToken cancellationToken)
    {
        var parsed = Parse(args, ["connection", "alive-window"], ["force", "quiet"], positionals: 0);
        var connection = Connection(parsed, environment);
        var window = TimeSpan.FromSeconds(parsed.IntValue("alive-window", 600, 0, 86_400 * 30));
        var serving = await ServingSilos.FindAsync(connection, window, cancellationToken);
        if (serving.Count > 0)
        {
            if (!parsed.Has("force"))
            {
                await stderr.WriteLineAsync($"Refusing to rebuild: {serving.Count} silo(s) look like they are serving; stop them first "
                    + "(or pass --force if these rows are stale):");
                foreach (var silo in serving)
                {
                    await stderr.WriteLineAsync("  " + silo);
                }
                return Refused;
            }
            await stderr.WriteLineAsync($"--force: rebuilding although {serving.Count} silo(s) look alive.");
        }
        var checker = new IntegrityChecker(connection);
        var progress = new ProgressLine(stderr, "rebuild", !parsed.Has("quiet"));
        var printed = 0;
        var report = await checker.RebuildAsync(difference =>
        {
            if (printed++ < 1000)
            {
                progress.Finish();
                stdout.WriteLine(difference.ToString());
            }
        }, progress, cancellationToken);
        progress.Finish();
        await stdout.WriteLineAsync(Summary("rebuild-projections", report, checker)
            + string.Format(CultureInfo.InvariantCulture, ": {0:N0} rows written, {1:N0} rows deleted", report.RowsWritten, report.RowsDeleted)
            + (report.IsClean ? "; the read models now agree with the events." : $"; {report.Differences:N0} problems left (see above)."));
        return report.IsClean ? Ok : Failed;
    }

    private static async Task<int> BackupAsync(string[] args, TextWriter stdout, Func<string, string?> environment,
        CancellationToken cancellationToken)
    {
        var parsed = Parse(args, ["connection", "dump-tool"], [], positionals: 1);
        var result = await DatabaseBackup.BackupAsync(Connection(parsed, environment), parsed.Positionals[0], parsed.Value("dump-tool"),
            cancellationToken);
        await stdout.WriteLineAsync(string.Format(CultureInfo.InvariantCulture, "backup: {0} ({1:N0} bytes), sha256 {2} in {3}",
            result.Path, result.Bytes, result.Sha256, DatabaseBackup.ChecksumPath(result.Path)));
        return Ok;
    }

    private static async Task<int> RestoreAsync(string[] args, TextWriter stdout, TextWriter stderr, Func<string, string?> environment,
        CancellationToken cancellationToken)
    {
        var parsed = Parse(args, ["connection", "client-tool"], ["skip-verify", "quiet"], positionals: 1);
        var connection = Connection(parsed, environment);
        await DatabaseBackup.RestoreAsync(connection, parsed.Positionals[0], parsed.Value("client-tool"), cancellationToken);
        await stdout.WriteLineAsync($"restore: {parsed.Positionals[0]} loaded.");
        return parsed.Has("skip-verify")
            ? Ok
            : await RunVerifyAsync(connection, 1000, parsed.Has("quiet"), stdout, stderr, cancellationToken);
    }

    private static string Summary(string verb, IntegrityReport report, IntegrityChecker checker) => string.Format(CultureInfo.InvariantCulture,
        "{0}: {1:N0} streams, {2:N0} events in {3:N1} s ({4:N0} events/s; aggregates: {5})", verb, report.Streams, report.Events,
        report.Elapsed.TotalSeconds, report.Events / Math.Max(report.Elapsed.TotalSeconds, 0.001),
        string.Join(", ", checker.Projections.Select(p => p.Kind)));

    private static CliArguments Parse(string[] args, string[] valueOptions, string[] flags, int positionals)
    {
        var parsed = CliArguments.Parse(args, valueOptions.ToHashSet(StringComparer.Ordinal), flags.ToHashSet(StringComparer.Ordinal));
        if (parsed.Help)
        {
            throw new HelpRequested();
        }
        if (parsed.Positionals.Count != positionals)
        {
            throw new UsageException(positionals == 0
                ? $"Unexpected argument {parsed.Positionals[0]}."
                : $"Expected {positionals} argument(s) (FILE), got {parsed.Positionals.Count}.");
        }
        return parsed;
    }

    private static string Connection(CliArguments parsed, Func<string, string?> environment)
        => parsed.Value("connection") is { Length: > 0 } value ? value
            : environment("FINAEGIS_MYSQL") is { Length: > 0 } fromEnvironment ? fromEnvironment
            : throw new UsageException("No database: pass --connection or set FINAEGIS_MYSQL.");

    private sealed class HelpRequested : Exception;
}
