using System.Diagnostics.Metrics;
using FinAegis.Grains.Abstractions.Webhooks;
using FinAegis.Grains.Security;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FinAegis.Grains.Webhooks;

/// <summary>
/// Runs in every silo: claims due deliveries in batches (never the same one as another silo at the same time, see
/// <see cref="WebhookDeliveryStore"/>), sends at most <see cref="WebhookOptions.MaxConcurrency"/> at once, and records
/// each outcome: success on any 2xx within the webhook's timeout; otherwise retrying with exponential backoff
/// (base, 2×base, 4×base ...) until retry_attempts retries have failed, then failed. Nothing is kept in memory that
/// the database does not have, so a restarted or replacement silo simply carries on.
/// </summary>
public sealed class WebhookDispatcher : BackgroundService
{
    private static readonly Meter _meter = new("FinAegis.Webhooks");
    private static readonly Counter<long> _attempts = _meter.CreateCounter<long>("finaegis.webhook.delivery.attempts",
        description: "Webhook delivery attempts by outcome (success, retrying, failed)");

    private readonly WebhookDeliveryStore _store;
    private readonly WebhookSender _sender;
    private readonly SecretBox _secrets;
    private readonly WebhookOptions _options;
    private readonly ILogger<WebhookDispatcher> _logger;
    private readonly string _claimedBy = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
    private readonly SemaphoreSlim _finished = new(0);
    private int _inFlight;

    internal WebhookDispatcher(WebhookDeliveryStore store, WebhookSender sender, SecretBox secrets, IOptions<WebhookOptions> options,
        ILogger<WebhookDispatcher> logger)
    {
        _store = store;
        _sender = sender;
        _secrets = secrets;
        _options = options.Value;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var running = new HashSet<Task>();
        var maxConcurrency = Math.Max(1, _options.MaxConcurrency);
        while (!stoppingToken.IsCancellationRequested)
        {
            var free = maxConcurrency - Volatile.Read(ref _inFlight);
            if (free <= 0)
            {
                await WaitAsync(_finished.WaitAsync(_options.PollInterval, stoppingToken));
                continue;
            }
            var wanted = Math.Min(free, Math.Max(1, _options.ClaimBatchSize));
            IReadOnlyList<ClaimedDelivery> claimed;
            try
            {
                claimed = await _store.ClaimAsync(wanted, _claimedBy, (int)Math.Ceiling(_options.ClaimMarginSeconds), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                _logger.LogWarning(exception, "Claiming webhook deliveries failed; retrying shortly");
                await WaitAsync(Task.Delay(_options.PollInterval, stoppingToken));
                continue;
            }
            running.RemoveWhere(task => task.IsCompleted);
            foreach (var delivery in claimed)
            {
                Interlocked.Increment(ref _inFlight);
                running.Add(Task.Run(() => DeliverAsync(delivery, stoppingToken), CancellationToken.None));
            }
            if (claimed.Count < wanted)
            {
                // Caught up: wait for the next poll, or for a slot when sends are still running.
                await WaitAsync(Task.Delay(_options.PollInterval, stoppingToken));
            }
        }
        // Sends in flight were cancelled with stoppingToken; their claims lapse and another silo takes them over.
        await Task.WhenAll(running);
    }

    private async Task DeliverAsync(ClaimedDelivery delivery, CancellationToken stoppingToken)
    {
        try
        {
            var outcome = await AttemptAsync(delivery, stoppingToken);
            _attempts.Add(1, new KeyValuePair<string, object?>("outcome", outcome.Status));
            if (!await _store.CompleteAsync(delivery, outcome, stoppingToken))
            {
                _logger.LogWarning("Webhook delivery {DeliveryId}: the claim lapsed before its outcome was recorded; it will be sent again", delivery.Id);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: leave the claim to lapse.
        }
        catch (Exception exception)
        {
            _logger.LogError(exception, "Webhook delivery {DeliveryId} could not be recorded; it is retried when its claim lapses", delivery.Id);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
            _finished.Release();
        }
    }

    private async Task<DeliveryOutcome> AttemptAsync(ClaimedDelivery delivery, CancellationToken stoppingToken)
    {
        if (!delivery.WebhookActive)
        {
            return new DeliveryOutcome(WebhookDeliveryStatus.Failed, delivery.Attempts, null, "Not sent: the webhook is disabled.", null);
        }
        var attempts = delivery.Attempts + 1;
        SendResult result;
        string secret;
        try
        {
            secret = delivery.SealedSecret is null ? "" : WebhookSecrets.Open(_secrets, delivery.SealedSecret);
        }
        catch (Exception exception) when (exception is System.Security.Cryptography.CryptographicException or EncryptionKeyMissingException)
        {
            _logger.LogError("Webhook {WebhookId}: its secret cannot be opened with this silo's FINAEGIS_ENCRYPTION_KEY", delivery.WebhookId);
            secret = "";
            result = new SendResult(false, null, "Not sent: the webhook secret cannot be opened with the configured encryption key.");
            return Failure(delivery, attempts, result);
        }
        result = await _sender.SendAsync(delivery, secret, stoppingToken);
        return result.Succeeded
            ? new DeliveryOutcome(WebhookDeliveryStatus.Success, attempts, result.StatusCode, result.Body, null)
            : Failure(delivery, attempts, result);
    }

    private DeliveryOutcome Failure(ClaimedDelivery delivery, int attempts, SendResult result)
    {
        // attempts counts the first try: retry_attempts = 3 allows 4 tries in all.
        if (attempts > delivery.RetryAttempts)
        {
            return new DeliveryOutcome(WebhookDeliveryStatus.Failed, attempts, result.StatusCode, result.Body, null);
        }
        var delay = TimeSpan.FromSeconds(_options.RetryBaseSeconds * Math.Pow(2, attempts - 1));
        return new DeliveryOutcome(WebhookDeliveryStatus.Retrying, attempts, result.StatusCode, result.Body, DateTime.UtcNow + delay);
    }

    private static async Task WaitAsync(Task wait)
    {
        try
        {
            await wait;
        }
        catch (OperationCanceledException)
        {
        }
    }

    public override void Dispose()
    {
        _finished.Dispose();
        base.Dispose();
    }
}
