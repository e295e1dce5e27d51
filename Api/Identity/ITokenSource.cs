using FinAegis.Grains.Abstractions.Common;
using FinAegis.Grains.Abstractions.Identity;

namespace FinAegis.Api.Identity;

/// <summary>Where the token cache gets its answers: the identity grain in production, a fake in unit tests.</summary>
public interface ITokenSource
{
    Task<TokenPrincipal?> ResolveAsync(long tokenId, string secretSha256Hex);

    Task<RevokedTokens> GetRevokedSinceAsync(DateTimeOffset? watermark);
}

public sealed class GrainTokenSource(IGrainFactory grains) : ITokenSource
{
    private IIdentityGrain Identity => grains.Grain<IIdentityGrain>(0);

    public Task<TokenPrincipal?> ResolveAsync(long tokenId, string secretSha256Hex) => Identity.ResolveToken(tokenId, secretSha256Hex);

    public Task<RevokedTokens> GetRevokedSinceAsync(DateTimeOffset? watermark) => Identity.GetRevokedTokenIds(watermark);
}
