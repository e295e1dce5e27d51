using System.Globalization;
using System.Text.Json;
using FinAegis.Grains.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MySqlConnector;

namespace FinAegis.Grains.Webhooks;

/// <summary>
/// The silo's in-memory view of which active webhooks want which event, and of the low-balance threshold, so that
/// grains decide their outbox rows without reading the database on the hot path. Reloaded every
/// <see cref="WebhookOptions.SubscriptionRefreshInterval"/> and right after a change made through this silo; other
/// silos see a change at their next reload, so a webhook receives the events raised from then on.
/// </summary>
public sealed class WebhookSubscriptions(DatabaseSettings database, IOptions<WebhookOptions> options, ILogger<WebhookSubscriptions> logger)
    : BackgroundService
{
    public const string LowBalanceThresholdKey = "webhooks.low_balance_threshold";
    public const long DefaultLowBalanceThreshold = 1000;

    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private volatile Snapshot _current = Snapshot.Empty;

    public Snapshot Current => _current;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Load once before the silo takes traffic, so the first events already see the subscriptions.
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            await RefreshAsync(timeout.Token);
        }
        catch (Exception exception) when (exception is MySqlException or OperationCanceledException or TimeoutException)
        {
            logger.LogError(exception, "Loading webhook subscriptions failed at start-up; retrying in the background");
        }
        await base.StartAsync(cancellationToken);
    }

    /// <summary>Reloads now (serialized, so a reload that started after a change always wins over an older one).</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        await _refreshing.WaitAsync(cancellationToken);
        try
        {
            _current = await LoadAsync(cancellationToken);
        }
        finally
        {
            _refreshing.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SubscriptionRefreshInterval);
        while (await WaitAsync(timer, stoppingToken))
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // Keep the last good view: events keep their outbox rows for the webhooks known so far.
                logger.LogWarning(exception, "Reloading webhook subscriptions failed; keeping the previous view");
            }
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken token)
    {
        try
        {
            return await timer.WaitForNextTickAsync(token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task<Snapshot> LoadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, events FROM webhooks WHERE is_active = 1 ORDER BY id; "
            + "SELECT value, type, is_encrypted FROM settings WHERE `key` = @key";
        command.Parameters.AddWithValue("@key", LowBalanceThresholdKey);
        var byEvent = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        var ids = new HashSet<long>();
        var threshold = DefaultLowBalanceThreshold;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetInt64(0);
            ids.Add(id);
            foreach (var name in ParseEvents(reader.GetString(1)))
            {
                if (!byEvent.TryGetValue(name, out var list))
                {
                    byEvent[name] = list = [];
                }
                if (!list.Contains(id))
                {
                    list.Add(id);
                }
            }
        }
        if (await reader.NextResultAsync(cancellationToken) && await reader.ReadAsync(cancellationToken)
            && !reader.IsDBNull(0) && reader.GetString(1) == "integer" && !reader.GetBoolean(2)
            && long.TryParse(reader.GetString(0), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var configured))
        {
            threshold = configured;
        }
        return new Snapshot(byEvent.ToDictionary(pair => pair.Key, pair => (IReadOnlyList<long>)pair.Value.ToArray(), StringComparer.Ordinal),
            ids, threshold);
    }

    private static IEnumerable<string> ParseEvents(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<string[]>(json) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>An immutable view; replaced as a whole on every reload.</summary>
    public sealed class Snapshot(IReadOnlyDictionary<string, IReadOnlyList<long>> byEvent, IReadOnlySet<long> webhookIds, long lowBalanceThreshold)
    {
        public static Snapshot Empty { get; } = new(new Dictionary<string, IReadOnlyList<long>>(), new HashSet<long>(), DefaultLowBalanceThreshold);

        public long LowBalanceThreshold { get; } = lowBalanceThreshold;

        public IReadOnlyList<long> WebhooksFor(string eventName) => byEvent.GetValueOrDefault(eventName) ?? [];

        public bool Knows(long webhookId) => webhookIds.Contains(webhookId);
    }
}
