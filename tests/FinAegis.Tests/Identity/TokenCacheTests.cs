using FinAegis.Api.Identity;
using FinAegis.Grains.Abstractions.Identity;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FinAegis.Tests.Identity;

public sealed class TokenCacheTests
{
    private const string Hash = "aa00000000000000000000000000000000000000000000000000000000000000";
    private const string OtherHash = "bb00000000000000000000000000000000000000000000000000000000000000";

    private readonly ManualClock _clock = new();
    private readonly FakeTokenSource _source = new();
    private readonly TokenAuthOptions _options = new();
    private readonly TokenCache _cache;

    public TokenCacheTests()
    {
        _cache = new TokenCache(_source, Options.Create(_options), _clock) { Synchronized = true };
    }

    private TokenPrincipal AddToken(long id, TimeSpan? lifetime = null)
    {
        var principal = new TokenPrincipal(id, Guid.NewGuid(), "Ada", "ada@example.com", false, ["*"],
            _clock.GetUtcNow() + (lifetime ?? TimeSpan.FromHours(24)));
        _source.Add(principal, Hash);
        return principal;
    }

    [Fact]
    public async Task A_resolved_token_is_served_from_memory_afterwards()
    {
        var principal = AddToken(1);

        Assert.Equal(principal, await _cache.GetAsync(1, Hash));
        Assert.Equal(principal, await _cache.GetAsync(1, Hash));
        Assert.Equal(1, _source.Resolves);
    }

    [Fact]
    public async Task A_wrong_secret_for_a_cached_id_is_refused_and_negatively_cached()
    {
        AddToken(1);
        await _cache.GetAsync(1, Hash);

        Assert.Null(await _cache.GetAsync(1, OtherHash));
        Assert.Null(await _cache.GetAsync(1, OtherHash));
        Assert.Equal(2, _source.Resolves); // the first good one, and one for the bad secret
        _clock.Advance(_options.NegativeTtl);
        Assert.Null(await _cache.GetAsync(1, OtherHash));
        Assert.Equal(3, _source.Resolves);
    }

    [Fact]
    public async Task Revoke_evicts_at_once_and_keeps_the_token_out()
    {
        AddToken(1);
        await _cache.GetAsync(1, Hash);

        _cache.Revoke(1);

        Assert.Null(await _cache.GetAsync(1, Hash));
        Assert.Equal(1, _source.Resolves); // refused from memory: revocation is permanent
    }

    [Fact]
    public async Task A_revocation_that_lands_while_resolving_wins()
    {
        AddToken(1);
        _source.DuringNextResolve = () => _cache.Revoke(1);

        Assert.Null(await _cache.GetAsync(1, Hash));
        Assert.Equal(0, _cache.Count);
    }

    [Fact]
    public async Task Entries_live_no_longer_than_the_ttl_or_the_token()
    {
        AddToken(1);
        AddToken(2, TimeSpan.FromMinutes(1));
        await _cache.GetAsync(1, Hash);
        await _cache.GetAsync(2, Hash);

        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(await _cache.GetAsync(2, Hash)); // expired: the source no longer vouches for it either
        _clock.Advance(_options.PositiveTtl);
        await _cache.GetAsync(1, Hash);

        Assert.Equal(4, _source.Resolves);
    }

    [Fact]
    public async Task Nothing_is_cached_before_the_first_revocation_poll()
    {
        var cache = new TokenCache(_source, Options.Create(_options), _clock);
        AddToken(1);

        await cache.GetAsync(1, Hash);
        await cache.GetAsync(1, Hash);

        Assert.Equal(2, _source.Resolves);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public async Task The_poller_evicts_what_was_revoked_elsewhere_and_synchronizes_the_cache()
    {
        var cache = new TokenCache(_source, Options.Create(_options), _clock);
        var poller = new TokenRevocationPoller(_source, cache, Options.Create(_options), NullLogger<TokenRevocationPoller>.Instance);
        AddToken(1);
        AddToken(2);

        await poller.PollOnceAsync();
        await cache.GetAsync(1, Hash);
        await cache.GetAsync(2, Hash);
        _source.RevokedIds.Add(1);
        await poller.PollOnceAsync();

        Assert.True(cache.Synchronized);
        Assert.Null(await cache.GetAsync(1, Hash));
        Assert.NotNull(await cache.GetAsync(2, Hash));
        Assert.Equal(2, _source.Resolves);
    }

    [Fact]
    public async Task Memory_stays_bounded_under_a_flood_of_unknown_tokens()
    {
        _options.MaxEntries = 10;
        for (var i = 1; i <= 25; i++)
        {
            await _cache.GetAsync(i, Hash);
        }
        AddToken(100);

        Assert.NotNull(await _cache.GetAsync(100, Hash));
        Assert.InRange(_cache.Count, 1, 10);
    }
}
