using System.Security.Cryptography;
using System.Text;
using FinAegis.Grains.Storage;
using MySqlConnector;

namespace FinAegis.Grains.Integrity;

/// <summary>A refused backup or restore: an incomplete or altered backup file, or a target database that is not empty.</summary>
public sealed class BackupRefusedException(string message) : Exception(message);

public sealed record BackupResult(string Path, long Bytes, string Sha256);

/// <summary>
/// Logical backups with the server's own dump tool. A backup is one consistent point in time
/// (--single-transaction: every InnoDB table is read in one snapshot, so events and the read models written in the
/// same transactions agree) and it is complete only when all of these hold: the tool exited 0, the dump ends with the
/// tool's "-- Dump completed" trailer, and a sidecar FILE.sha256 matches the bytes. The dump is written to
/// FILE.partial and renamed at the end, and the sidecar is written last, so an interrupted backup never looks whole.
/// </summary>
public static class DatabaseBackup
{
    public const string Trailer = "-- Dump completed";

    private static readonly string[] _dumpTools = ["mariadb-dump", "mysqldump"];
    private static readonly string[] _clientTools = ["mariadb", "mysql"];

    public static string ChecksumPath(string path) => path + ".sha256";

    public static async Task<BackupResult> BackupAsync(string connectionString, string path, string? dumpTool = null,
        CancellationToken cancellationToken = default)
    {
        var database = DatabaseOf(connectionString);
        path = Path.GetFullPath(path);
        var partial = path + ".partial";
        await using var tool = await MySqlClientTool.CreateAsync(dumpTool, _dumpTools, connectionString, cancellationToken);
        List<string> arguments =
        [
            "--single-transaction", "--routines", "--triggers", "--hex-blob", "--no-tablespaces",
            "--default-character-set=utf8mb4", "--skip-lock-tables",
        ];
        if (!tool.IsMariaDb)
        {
            arguments.Add("--set-gtid-purged=OFF");
        }
        // No --databases: the dump carries no CREATE DATABASE / USE, so it restores into any database name.
        arguments.Add(database);

        string hash;
        long bytes;
        try
        {
            using var process = tool.Start(arguments, redirectInput: false);
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            await using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                (hash, bytes) = await CopyHashingAsync(process.StandardOutput.BaseStream, file, cancellationToken);
                await file.FlushAsync(cancellationToken);
                file.Flush(flushToDisk: true);
            }
            await process.WaitForExitAsync(cancellationToken);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{Path.GetFileName(tool.Executable)} exited with {process.ExitCode}: {(await errors).Trim()}");
            }
            if (!await EndsWithTrailerAsync(partial, cancellationToken))
            {
                throw new InvalidOperationException($"The dump does not end with '{Trailer}': it is incomplete.");
            }
        }
        catch
        {
            File.Delete(partial);
            throw;
        }
        File.Move(partial, path, overwrite: true);
        var checksum = ChecksumPath(path);
        await File.WriteAllTextAsync(checksum + ".partial", $"{hash}  {Path.GetFileName(path)}\n", cancellationToken);
        File.Move(checksum + ".partial", checksum, overwrite: true);
        return new BackupResult(path, bytes, hash);
    }

    /// <summary>Why <paramref name="path"/> is not a complete backup, or null when it is.</summary>
    public static async Task<string?> CheckAsync(string path, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
        {
            return $"{path} does not exist.";
        }
        var checksumPath = ChecksumPath(path);
        if (!File.Exists(checksumPath))
        {
            return $"{checksumPath} is missing: the backup did not finish.";
        }
        var expected = (await File.ReadAllTextAsync(checksumPath, cancellationToken)).Split(' ', 2)[0].Trim();
        string actual;
        await using (var file = File.OpenRead(path))
        {
            actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
        }
        if (!string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase))
        {
            return $"{path} has SHA-256 {actual} but {Path.GetFileName(checksumPath)} says {expected}: the file is truncated or altered.";
        }
        if (!await EndsWithTrailerAsync(path, cancellationToken))
        {
            return $"{path} does not end with '{Trailer}': the dump is incomplete.";
        }
        return null;
    }

    /// <summary>
    /// Loads the backup at <paramref name="path"/> into the database of <paramref name="connectionString"/>
    /// (created when missing), which must be empty. The Orleans membership rows of the backed-up cluster are removed
    /// afterwards: those silos do not run against this copy.
    /// </summary>
    public static async Task RestoreAsync(string connectionString, string path, string? clientTool = null,
        CancellationToken cancellationToken = default)
    {
        var database = DatabaseOf(connectionString);
        if (await CheckAsync(path, cancellationToken) is { } problem)
        {
            throw new BackupRefusedException($"Refusing to restore: {problem}");
        }
        await DatabaseMigrator.EnsureDatabaseExistsAsync(connectionString, cancellationToken);
        var objects = await CountObjectsAsync(connectionString, database, cancellationToken);
        if (objects > 0)
        {
            throw new BackupRefusedException(
                $"Refusing to restore: database {database} is not empty ({objects} tables, views or routines). Restore into an empty database.");
        }
        await using var tool = await MySqlClientTool.CreateAsync(clientTool, _clientTools, connectionString, cancellationToken);
        using var process = tool.Start(["--default-character-set=utf8mb4", "--binary-mode", $"--database={database}"], redirectInput: true);
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await using (var file = File.OpenRead(path))
        {
            await file.CopyToAsync(process.StandardInput.BaseStream, 1 << 16, cancellationToken);
        }
        process.StandardInput.Close();
        await process.WaitForExitAsync(cancellationToken);
        await output;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(tool.Executable)} exited with {process.ExitCode}: {(await errors).Trim()}");
        }
        await using var connection = new MySqlConnection(new MySqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM OrleansMembershipTable; DELETE FROM OrleansMembershipVersionTable";
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (MySqlException exception) when (exception.ErrorCode == MySqlErrorCode.NoSuchTable)
        {
            // A backup of a database without the Orleans schema.
        }
    }

    private static async Task<long> CountObjectsAsync(string connectionString, string database, CancellationToken cancellationToken)
    {
        await using var connection = new MySqlConnection(new MySqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = @db)"
            + " + (SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = @db)";
        command.Parameters.AddWithValue("@db", database);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string DatabaseOf(string connectionString)
    {
        var database = new MySqlConnectionStringBuilder(connectionString).Database;
        return string.IsNullOrEmpty(database)
            ? throw new InvalidOperationException("The MySQL connection string names no database (Database=...).")
            : database;
    }

    private static async Task<(string Hash, long Bytes)> CopyHashingAsync(Stream source, Stream destination, CancellationToken cancellationToken)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            sha.AppendData(buffer, 0, read);
            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            total += read;
        }
        return (Convert.ToHexStringLower(sha.GetHashAndReset()), total);
    }

    private static async Task<bool> EndsWithTrailerAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        var length = Math.Min(file.Length, 512);
        file.Seek(-length, SeekOrigin.End);
        var buffer = new byte[length];
        await file.ReadExactlyAsync(buffer, cancellationToken);
        var lastLine = Encoding.UTF8.GetString(buffer).TrimEnd('\n', '\r', ' ').Split('\n')[^1];
        return lastLine.StartsWith(Trailer, StringComparison.Ordinal);
    }
}
