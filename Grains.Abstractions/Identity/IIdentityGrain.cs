using FinAegis.Grains.Abstractions.Common;

namespace FinAegis.Grains.Abstractions.Identity;

/// <summary>
/// Users and API tokens. A stateless worker (a local activation on every silo): always call it with key 0.
/// Refusals come back as <see cref="DomainError"/>s with the codes of SPEC §3.
/// </summary>
[Alias("IIdentityGrain")]
public interface IIdentityGrain : IGrainWithIntegerKey
{
    /// <summary>Creates a user and a login token. Duplicate email → VALIDATION_FAILED on field "email".</summary>
    [Alias("Register")]
    Task<AuthResult> Register(string name, string email, string password);

    /// <summary>INVALID_CREDENTIALS, or RATE_LIMITED (retry_after in Details) after too many failures.</summary>
    [Alias("Login")]
    Task<AuthResult> Login(string email, string password, string? deviceName);

    /// <summary>Revokes one token (the one the caller authenticated with). Idempotent.</summary>
    [Alias("Logout")]
    Task Logout(long tokenId);

    /// <summary>Revokes every live token of the user and returns their ids, so the calling API can evict them.</summary>
    [Alias("LogoutAll")]
    Task<IReadOnlyList<long>> LogoutAll(Guid userUuid);

    [Alias("GetUser")]
    Task<UserResult> GetUser(Guid userUuid);

    /// <summary>
    /// Mints a token whose abilities must lie within <paramref name="callerAbilities"/> (the abilities of the token
    /// making the request). <paramref name="expiresInDays"/> null → the default lifetime.
    /// </summary>
    [Alias("CreateToken")]
    Task<TokenResult> CreateToken(Guid userUuid, string name, IReadOnlyList<string> abilities, int? expiresInDays,
        IReadOnlyList<string> callerAbilities);

    /// <summary>The user's live (unrevoked, unexpired) tokens, newest first, <paramref name="limit"/> per page.</summary>
    [Alias("ListTokens")]
    Task<TokenPage> ListTokens(Guid userUuid, int limit, long? afterId);

    /// <summary>Revokes one of the user's own tokens; someone else's, or an unknown one, is NOT_FOUND.</summary>
    [Alias("RevokeToken")]
    Task<IdentityOutcome> RevokeToken(Guid userUuid, long tokenId);

    /// <summary>The principal of a live token whose secret hashes to <paramref name="secretSha256Hex"/>, else null.</summary>
    [Alias("ResolveToken")]
    Task<TokenPrincipal?> ResolveToken(long tokenId, string secretSha256Hex);

    /// <summary>
    /// Ids revoked since <paramref name="since"/> (a watermark from a previous answer). Null starts a new watermark
    /// and returns no ids: a fresh cache has nothing to evict.
    /// </summary>
    [Alias("GetRevokedTokenIds")]
    Task<RevokedTokens> GetRevokedTokenIds(DateTimeOffset? since);
}
