using Microsoft.Extensions.Options;

namespace FinAegis.Api.Identity;

/// <summary>
/// Keeps this API instance's token cache honest: every few seconds it asks the cluster which tokens were revoked
/// (on any instance) and evicts them, so a logout elsewhere takes effect here within one interval.
/// </summary>
public sealed class TokenRevocationPoller(ITokenSource source, TokenCache cache, IOptions<TokenAuthOptions> options,
    ILogger<TokenRevocationPoller> logger) : BackgroundService
{
    private DateTimeOffset? _watermark;
    private int _failuresInARow;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RevocationPollInterval);
        do
        {
            try
            {
                await PollOnceAsync();
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The cluster may not be up yet, or be briefly away; keep the watermark and try again next tick.
                // Logged on the first failure and then every 30th, so an outage does not flood the log.
                if (_failuresInARow++ % 30 == 0)
                {
                    logger.LogWarning(e, "Polling revoked tokens failed ({Failures} in a row)", _failuresInARow);
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One poll: evict what was revoked since the watermark and advance it.</summary>
    public async Task PollOnceAsync()
    {
        var batch = await source.GetRevokedSinceAsync(_watermark);
        cache.Revoke(batch.TokenIds);
        _watermark = batch.Watermark;
        _failuresInARow = 0;
        cache.Synchronized = true;
        cache.Sweep();
    }
}
