using FinAegis.Grains.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MySqlConnector;

namespace FinAegis.Grains.Idempotency;

/// <summary>
/// Deletes `idempotency_keys` rows older than the retention (SPEC §3: kept at least 24 h), in batches of at most
/// <see cref="IdempotencyPurgeOptions.BatchSize"/> rows, each its own autocommit DELETE that walks the created_at index
/// from the oldest row: no long transaction, and the locks taken are on old rows nobody writes any more.
/// Every silo runs it rather than one grain on a reminder: the delete is idempotent, a pass that finds nothing is a
/// single probe of the created_at index, and a grain would add a reminder row, Orleans' one-minute minimum period and
/// an activation to keep alive for no gain. Jitter keeps the silos' passes apart.
/// </summary>
public sealed class IdempotencyKeyPurge(DatabaseSettings database, IOptions<IdempotencyPurgeOptions> options, IdempotencyMetrics metrics,
    ILogger<IdempotencyKeyPurge> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(settings.Interval + settings.Interval * (Random.Shared.NextDouble() * 0.1), stoppingToken);
                await PurgeOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "Purging expired idempotency keys failed; the next pass tries again");
            }
        }
    }

    /// <summary>One pass: deletes batches until one comes back short. Returns the rows deleted.</summary>
    public async Task<long> PurgeOnceAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        // The application's clock, like the created_at the accounts write (the event's OccurredAt); fixed for the
        // whole pass so it ends even while rows keep crossing the line.
        var cutoff = DateTimeOffset.UtcNow - settings.Retention;
        long total = 0;
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        while (true)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM idempotency_keys WHERE created_at < @cutoff ORDER BY created_at LIMIT @batch";
            command.Parameters.AddWithValue("@cutoff", cutoff.UtcDateTime);
            command.Parameters.AddWithValue("@batch", settings.BatchSize);
            var deleted = await command.ExecuteNonQueryAsync(cancellationToken);
            metrics.KeysPurged(deleted);
            total += deleted;
            if (deleted < settings.BatchSize)
            {
                break;
            }
        }
        if (total > 0)
        {
            logger.LogInformation("Purged {Count} idempotency key(s) created before {Cutoff:O}", total, cutoff);
        }
        return total;
    }
}
