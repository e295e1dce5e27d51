using FinAegis.Grains.Abstractions.Idempotency;

namespace FinAegis.Grains.Idempotency;

/// <summary>
/// The single point in the cluster that knows about one user's Idempotency-Keys (key: the user's uuid). The durable
/// record is the `idempotency_keys` row written with the events of the request, and the operation id derived from
/// (user, key) makes the account grain apply a request once whatever this grain answers; this grain adds what the
/// table cannot, the request in flight (409), and keeps the hot path free of database reads:
/// <list type="bullet">
/// <item>recent keys (in flight, or completed with their result) answer from memory;</item>
/// <item>a key the Bloom filter has never seen is new: Started, with no read. The filter is loaded once per
/// activation from the user's key column, and a key joins it at Begin, since the account grain may commit a
/// started key even if Complete never arrives;</item>
/// <item>only a "maybe" (a key used before this activation, forgotten from memory, or a ~1 % false positive)
/// reads its one row.</item>
/// </list>
/// Memory: the filter takes ~10 bits per key at 1 % false positives, sized with 2× headroom (~2.4 bytes per key the
/// user has in the table, at least ~1.2 KB); a recent key takes roughly 0.5–1.5 KB (key, request hash, result JSON),
/// at most <see cref="RecentCapacity"/> of them, all freed when the idle activation is collected.
/// Across silos: Orleans keeps one activation per user in the cluster, so claims of one user are serialized here.
/// If a silo fails, a new activation reloads the filter from the table (which has every committed key); a claim
/// the failed activation held in flight is then answered from the row or Started again, and a duplicate activation
/// during a membership change can at worst let two copies of a request through to the account grain, which
/// recognises the operation id and applies it once (the second answer is a replay).
/// </summary>
public sealed class IdempotencyGrain(IdempotencyRows rows, IdempotencyMetrics metrics) : Grain, IIdempotencyGrain
{
    /// <summary>How many recent keys are kept in memory per user.</summary>
    public const int RecentCapacity = 10_000;

    /// <summary>The smallest filter: ~1.2 KB, so a user with few keys never needs to grow it.</summary>
    public const int MinimumFilterCapacity = 1024;

    /// <summary>A claim older than this is treated as abandoned (its API instance died mid-request).</summary>
    private static readonly TimeSpan _inFlightLease = TimeSpan.FromSeconds(60);

    private readonly RecentKeys _recent = new(RecentCapacity);
    private BloomFilter? _seen;

    private Guid UserUuid => this.GetPrimaryKey();

    public async Task<IdempotencyBegin> Begin(string key, string requestHash)
    {
        var now = DateTimeOffset.UtcNow;
        if (_recent.TryGet(key, out var recent))
        {
            if (recent.IsCompleted)
            {
                metrics.AnsweredFromMemory();
                return Answer(recent.RequestHash, recent.ResultJson!, requestHash);
            }
            if (now - recent.StartedAt < _inFlightLease)
            {
                metrics.AnsweredFromMemory();
                return new IdempotencyBegin(IdempotencyOutcome.InFlight);
            }
            // An abandoned claim: its request may have committed all the same, which only the table knows.
        }
        else
        {
            var seen = _seen ??= await LoadFilterAsync();
            var hash = StableKeyHash.Of(key);
            if (!seen.MightContain(hash))
            {
                metrics.AnsweredByFilter();
                seen.Add(hash);
                _recent.Start(key, requestHash, now);
                if (seen.IsOverCapacity)
                {
                    _seen = await LoadFilterAsync();
                }
                return new IdempotencyBegin(IdempotencyOutcome.Started);
            }
        }
        metrics.LookedUp();
        var stored = await rows.FindAsync(UserUuid, key);
        if (stored is { } row)
        {
            _recent.Complete(key, row.RequestHash, row.ResultJson, now);
            return Answer(row.RequestHash, row.ResultJson, requestHash);
        }
        _recent.Start(key, requestHash, now);
        return new IdempotencyBegin(IdempotencyOutcome.Started);
    }

    public Task Complete(string key, string requestHash, string resultJson)
    {
        _recent.Complete(key, requestHash, resultJson, DateTimeOffset.UtcNow);
        // Normally added at Begin already; not when Begin ran on an activation that has since been lost.
        var hash = StableKeyHash.Of(key);
        if (_seen is not null && !_seen.MightContain(hash))
        {
            _seen.Add(hash);
        }
        return Task.CompletedTask;
    }

    public Task Release(string key, string requestHash)
    {
        // The key stays in the filter: after a fault its request may still commit, so the next claim reads the row.
        if (_recent.TryGet(key, out var recent) && !recent.IsCompleted && recent.RequestHash == requestHash)
        {
            _recent.Remove(key);
        }
        return Task.CompletedTask;
    }

    private static IdempotencyBegin Answer(string storedHash, string resultJson, string requestHash) =>
        storedHash == requestHash
            ? new IdempotencyBegin(IdempotencyOutcome.Completed, resultJson)
            : new IdempotencyBegin(IdempotencyOutcome.Mismatch);

    /// <summary>
    /// A filter of every key in the table plus those claimed in memory (started ones may not have committed yet),
    /// sized for twice as many, so it is rebuilt only after the user's keys doubled.
    /// </summary>
    private async Task<BloomFilter> LoadFilterAsync()
    {
        var stored = await rows.LoadKeyHashesAsync(UserUuid);
        metrics.Loaded(stored.Count);
        var filter = new BloomFilter(Math.Max(MinimumFilterCapacity, 2 * (stored.Count + _recent.Count)));
        foreach (var hash in stored)
        {
            filter.Add(hash);
        }
        foreach (var key in _recent.Keys)
        {
            filter.Add(key);
        }
        return filter;
    }
}
