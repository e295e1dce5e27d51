using System.Diagnostics;
using System.Text;
using MySqlConnector;

namespace FinAegis.Grains.Integrity;

/// <summary>
/// Runs a MySQL/MariaDB command-line client (mariadb-dump, mysqldump, mariadb, mysql) for a connection string. The
/// credentials and TLS settings go into a private option file (--defaults-extra-file, mode 0600) so the password
/// never appears on a command line or in the process list.
/// </summary>
internal sealed class MySqlClientTool : IAsyncDisposable
{
    private readonly string _optionsFile;

    private MySqlClientTool(string executable, bool isMariaDb, string optionsFile)
    {
        Executable = executable;
        IsMariaDb = isMariaDb;
        _optionsFile = optionsFile;
    }

    public string Executable { get; }

    public bool IsMariaDb { get; }

    /// <summary>
    /// The first of <paramref name="candidates"/> found on PATH (or <paramref name="explicitPath"/>), ready to run
    /// against <paramref name="connectionString"/>.
    /// </summary>
    public static async Task<MySqlClientTool> CreateAsync(string? explicitPath, IReadOnlyList<string> candidates, string connectionString,
        CancellationToken cancellationToken)
    {
        var executable = explicitPath ?? candidates.Select(FindOnPath).FirstOrDefault(p => p is not null)
            ?? throw new InvalidOperationException($"None of {string.Join(", ", candidates)} is installed (or on PATH).");
        var version = await CaptureAsync(executable, ["--version"], cancellationToken);
        var isMariaDb = version.Contains("MariaDB", StringComparison.OrdinalIgnoreCase);
        var optionsFile = Path.Combine(Path.GetTempPath(), $"finaegis-{Guid.NewGuid():N}.cnf");
        var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // Readable by this user only: it holds the password.
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        await using (var stream = new FileStream(optionsFile, fileOptions))
        {
            var bytes = Encoding.UTF8.GetBytes(Options(new MySqlConnectionStringBuilder(connectionString), isMariaDb));
            await stream.WriteAsync(bytes, cancellationToken);
        }
        return new MySqlClientTool(executable, isMariaDb, optionsFile);
    }

    /// <summary>Starts the tool; the option file is always the first argument, as the clients require.</summary>
    public Process Start(IEnumerable<string> arguments, bool redirectInput)
    {
        var info = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
        };
        info.ArgumentList.Add($"--defaults-extra-file={_optionsFile}");
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        return Process.Start(info) ?? throw new InvalidOperationException($"Could not start {Executable}.");
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            File.Delete(_optionsFile);
        }
        catch (IOException)
        {
            // A leftover temp file of mode 0600; nothing else to do.
        }
        return ValueTask.CompletedTask;
    }

    private static string Options(MySqlConnectionStringBuilder builder, bool isMariaDb)
    {
        var text = new StringBuilder("[client]\n");
        if (builder.ConnectionProtocol == MySqlConnectionProtocol.UnixSocket)
        {
            text.Append("socket=").Append(Quote(builder.Server)).Append('\n');
        }
        else
        {
            text.Append("host=").Append(Quote(builder.Server.Split(',')[0])).Append('\n');
            text.Append("port=").Append(builder.Port).Append('\n');
            text.Append("protocol=TCP\n");
        }
        text.Append("user=").Append(Quote(builder.UserID)).Append('\n');
        if (!string.IsNullOrEmpty(builder.Password))
        {
            text.Append("password=").Append(Quote(builder.Password)).Append('\n');
        }
        // TLS as the connection string asks for it (README "Database connection security").
        var mode = builder.SslMode;
        if (isMariaDb)
        {
            switch (mode)
            {
                case MySqlSslMode.None:
                    text.Append("skip-ssl\n");
                    break;
                case MySqlSslMode.Required:
                    text.Append("ssl\n");
                    break;
                case MySqlSslMode.VerifyCA or MySqlSslMode.VerifyFull:
                    text.Append("ssl\nssl-verify-server-cert\n");
                    break;
            }
        }
        else
        {
            var sslMode = mode switch
            {
                MySqlSslMode.None => "DISABLED",
                MySqlSslMode.Required => "REQUIRED",
                MySqlSslMode.VerifyCA => "VERIFY_CA",
                MySqlSslMode.VerifyFull => "VERIFY_IDENTITY",
                _ => "PREFERRED",
            };
            text.Append("ssl-mode=").Append(sslMode).Append('\n');
        }
        if (!string.IsNullOrEmpty(builder.SslCa))
        {
            text.Append("ssl-ca=").Append(Quote(builder.SslCa)).Append('\n');
        }
        if (!string.IsNullOrEmpty(builder.SslCert))
        {
            text.Append("ssl-cert=").Append(Quote(builder.SslCert)).Append('\n');
        }
        if (!string.IsNullOrEmpty(builder.SslKey))
        {
            text.Append("ssl-key=").Append(Quote(builder.SslKey)).Append('\n');
        }
        return text.ToString();
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    private static string? FindOnPath(string name)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    private static async Task<string> CaptureAsync(string executable, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {executable}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return await output + await error;
    }
}
