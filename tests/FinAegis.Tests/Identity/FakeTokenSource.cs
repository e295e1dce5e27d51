using FinAegis.Api.Identity;
using FinAegis.Grains.Abstractions.Identity;

namespace FinAegis.Tests.Identity;

/// <summary>Stands in for the identity grain behind the token cache; counts the calls the cache lets through.</summary>
public sealed class FakeTokenSource : ITokenSource
{
    private readonly Dictionary<(long, string), TokenPrincipal> _tokens = [];

    public int Resolves { get; private set; }

    public List<long> RevokedIds { get; } = [];

    public DateTimeOffset Watermark { get; set; } = DateTimeOffset.UnixEpoch;

    /// <summary>Runs inside the next resolve, before it answers: lets a test interleave a revocation.</summary>
    public Action? DuringNextResolve { get; set; }

    public void Add(TokenPrincipal principal, string secretHash) => _tokens[(principal.TokenId, secretHash)] = principal;

    public Task<TokenPrincipal?> ResolveAsync(long tokenId, string secretSha256Hex)
    {
        Resolves++;
        var during = DuringNextResolve;
        DuringNextResolve = null;
        during?.Invoke();
        return Task.FromResult(_tokens.GetValueOrDefault((tokenId, secretSha256Hex)));
    }

    public Task<RevokedTokens> GetRevokedSinceAsync(DateTimeOffset? watermark) =>
        Task.FromResult(new RevokedTokens(watermark is null ? [] : RevokedIds.ToArray(), Watermark));
}
