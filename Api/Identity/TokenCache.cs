using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using FinAegis.Grains.Abstractions.Identity;
using Microsoft.Extensions.Options;

namespace FinAegis.Api.Identity;

/// <summary>
/// Token → principal, in memory, so an authenticated request costs no grain call and no database read once its
/// token is known. Revocation is permanent, so a revoked id is remembered and never cached again: a resolve that
/// was in flight when the revocation arrived cannot put the token back.
/// </summary>
public sealed class TokenCache(ITokenSource source, IOptions<TokenAuthOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<long, Entry> _valid = new();
    private readonly ConcurrentDictionary<(long Id, string Hash), DateTimeOffset> _unknown = new();
    private readonly ConcurrentDictionary<long, DateTimeOffset> _revoked = new();
    private volatile bool _synchronized;

    /// <summary>
    /// Set by the revocation poller once it holds a watermark. Until then nothing is cached: a token resolved before
    /// the first watermark could be revoked in a gap no poll would ever cover.
    /// </summary>
    public bool Synchronized
    {
        get => _synchronized;
        set => _synchronized = value;
    }

    public int Count => _valid.Count;

    /// <summary>The principal of a live token, or null for an unknown, expired or revoked one.</summary>
    public async ValueTask<TokenPrincipal?> GetAsync(long tokenId, string secretSha256Hex)
    {
        var now = time.GetUtcNow();
        if (_revoked.ContainsKey(tokenId))
        {
            return null;
        }
        if (_valid.TryGetValue(tokenId, out var entry) && entry.Until > now && SameHash(entry.Hash, secretSha256Hex))
        {
            return IsExpired(entry.Principal, now) ? null : entry.Principal;
        }
        if (_unknown.TryGetValue((tokenId, secretSha256Hex), out var until) && until > now)
        {
            return null;
        }

        var principal = await source.ResolveAsync(tokenId, secretSha256Hex);
        now = time.GetUtcNow();
        if (principal is null || IsExpired(principal, now))
        {
            Bound(_unknown);
            _unknown[(tokenId, secretSha256Hex)] = now + options.Value.NegativeTtl;
            return null;
        }
        if (!_synchronized)
        {
            return principal;
        }
        var cacheUntil = now + options.Value.PositiveTtl;
        if (principal.ExpiresAt is { } expiresAt && expiresAt < cacheUntil)
        {
            cacheUntil = expiresAt;
        }
        Bound(_valid);
        _valid[tokenId] = new Entry(secretSha256Hex, principal, cacheUntil);
        // Re-check after the write: a revocation that landed during the resolve must win.
        if (_revoked.ContainsKey(tokenId))
        {
            _valid.TryRemove(tokenId, out _);
            return null;
        }
        return principal;
    }

    /// <summary>Forgets revoked tokens at once and refuses them from now on.</summary>
    public void Revoke(IEnumerable<long> tokenIds)
    {
        var now = time.GetUtcNow();
        foreach (var id in tokenIds)
        {
            _revoked[id] = now;
            _valid.TryRemove(id, out _);
        }
    }

    public void Revoke(long tokenId) => Revoke([tokenId]);

    /// <summary>
    /// Drops what has aged out. A revoked-id marker can go once no resolve that started before it can still be in
    /// flight, and no cached entry older than it can remain: after twice the positive TTL.
    /// </summary>
    public void Sweep()
    {
        var now = time.GetUtcNow();
        foreach (var (id, entry) in _valid)
        {
            if (entry.Until <= now)
            {
                _valid.TryRemove(id, out _);
            }
        }
        foreach (var (key, until) in _unknown)
        {
            if (until <= now)
            {
                _unknown.TryRemove(key, out _);
            }
        }
        var markerAge = options.Value.PositiveTtl * 2;
        foreach (var (id, at) in _revoked)
        {
            if (at + markerAge <= now)
            {
                _revoked.TryRemove(id, out _);
            }
        }
    }

    private static bool IsExpired(TokenPrincipal principal, DateTimeOffset now) => principal.ExpiresAt is { } at && at <= now;

    private static bool SameHash(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(a.AsSpan()), MemoryMarshal.AsBytes(b.AsSpan()));

    // Memory stays bounded whatever clients send: a full map is emptied rather than grown (a rare, cheap refill).
    private void Bound<TKey, TValue>(ConcurrentDictionary<TKey, TValue> map) where TKey : notnull
    {
        if (map.Count >= options.Value.MaxEntries)
        {
            Sweep();
            if (map.Count >= options.Value.MaxEntries)
            {
                map.Clear();
            }
        }
    }

    private sealed record Entry(string Hash, TokenPrincipal Principal, DateTimeOffset Until);
}
