using FinAegis.Grains.Abstractions.Accounts;
using FinAegis.Grains.Abstractions.Common;
using FinAegis.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MySqlConnector;

namespace FinAegis.Grains.Transfers;

/// <summary>
/// The durable recovery of transfers: every silo periodically looks in the `transfers` read model (written in the
/// same commit as the events) for transfers pending too long (their silo died between debit and credit, or the
/// destination was unreachable) and asks each source account to drive them on. Costs nothing on the hot path; two
/// silos sweeping the same transfer is harmless because every step is idempotent by the transfer id.
/// </summary>
public sealed class TransferRecoveryService(DatabaseSettings database, IGrainFactory grains, IOptions<TransferRecoveryOptions> options,
    ILogger<TransferRecoveryService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Jitter so silos do not sweep in lock step.
                await Task.Delay(settings.SweepInterval + TimeSpan.FromMilliseconds(Random.Shared.Next(0, 500)), stoppingToken);
                await SweepOnceAsync(settings, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "Sweeping pending transfers failed; trying again");
            }
        }
    }

    public async Task<int> SweepOnceAsync(TransferRecoveryOptions settings, CancellationToken cancellationToken)
    {
        var sources = new List<Guid>();
        await using (var connection = await database.OpenConnectionAsync(cancellationToken))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT DISTINCT from_account_uuid FROM transfers
                WHERE status = 'pending' AND updated_at < UTC_TIMESTAMP(6) - INTERVAL @age MICROSECOND
                LIMIT @limit
                """;
            command.Parameters.AddWithValue("@age", (long)settings.PendingAge.TotalMicroseconds);
            command.Parameters.AddWithValue("@limit", settings.BatchSize);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                sources.Add(reader.GetGuid(0));
            }
        }
        if (sources.Count == 0)
        {
            return 0;
        }
        logger.LogInformation("Re-driving pending transfers of {Count} source account(s)", sources.Count);
        await Parallel.ForEachAsync(sources, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (source, _) =>
            {
                try
                {
                    await grains.Grain<IAccountGrain>(source).ResumeTransfers();
                }
                catch (Exception exception)
                {
                    logger.LogWarning(exception, "Re-driving the transfers of account {Account} failed; the next sweep retries", source);
                }
            });
        return sources.Count;
    }
}

public static class TransferRecoveryServiceCollectionExtensions
{
    public static IServiceCollection AddTransferRecovery(this IServiceCollection services, Action<TransferRecoveryOptions>? configure = null)
    {
        services.AddOptions<TransferRecoveryOptions>().Configure(options => configure?.Invoke(options));
        services.AddSingleton<TransferRecoveryService>();
        services.AddHostedService(provider => provider.GetRequiredService<TransferRecoveryService>());
        return services;
    }
}
