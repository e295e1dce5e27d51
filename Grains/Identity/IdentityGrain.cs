using FinAegis.Grains.Abstractions.Common;
using FinAegis.Grains.Abstractions.Identity;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace FinAegis.Grains.Identity;

/// <summary>
/// Users and tokens. Stateless (the database holds everything), so a worker per silo serves it locally; reentrant
/// so token resolution never queues behind a login's bcrypt.
/// </summary>
[StatelessWorker, Reentrant]
public sealed class IdentityGrain(IdentityStore store, PasswordHasher passwords, IOptions<IdentityOptions> options)
    : Grain, IIdentityGrain
{
    private const string DefaultTokenName = "auth_token";
    private const int MaxPageSize = 100;

    public async Task<AuthResult> Register(string name, string email, string password)
    {
        if ((Invalid("name", IdentityRules.CheckName(name)) ?? Invalid("email", IdentityRules.CheckEmail(email))
            ?? Invalid("password", IdentityRules.CheckNewPassword(password))) is { } error)
        {
            return AuthResult.Fail(error);
        }
        var hash = await passwords.HashAsync(password);
        var user = await store.InsertUserAsync(Guid.NewGuid(), name.Trim(), IdentityRules.NormalizeEmail(email), hash,
            isAdmin: false, Now);
        if (user is null)
        {
            return AuthResult.Fail(Invalid("email", "The email has already been taken.")!);
        }
        var token = await IssueAsync(user, DefaultTokenName, Abilities.ForLogin(user.IsAdmin), options.Value.TokenLifetime);
        return AuthResult.Ok(View(user), token);
    }

    public async Task<AuthResult> Login(string email, string password, string? deviceName)
    {
        var normalized = IdentityRules.NormalizeEmail(email ?? "");
        var throttle = GrainFactory.Grain<ILoginThrottleGrain>(normalized);
        var decision = await throttle.Check();
        if (!decision.Allowed)
        {
            return AuthResult.Fail(new DomainError(ErrorCodes.RateLimited, "Too many failed logins; try again later.",
                new Dictionary<string, string> { [IdentityErrorDetails.RetryAfter] = decision.RetryAfterSeconds.ToString() }));
        }
        var user = normalized.Length == 0 ? null : await store.FindUserByEmailAsync(normalized);
        if (!await passwords.VerifyAsync(password ?? "", user?.PasswordHash) || user is null)
        {
            await throttle.RecordFailure();
            return AuthResult.Fail(DomainError.Of(ErrorCodes.InvalidCredentials, "The email or password is incorrect."));
        }
        if (decision.RecentFailures > 0)
        {
            await throttle.Reset();
        }
        var tokenName = string.IsNullOrWhiteSpace(deviceName) ? DefaultTokenName : Truncate(deviceName.Trim());
        var token = await IssueAsync(user, tokenName, Abilities.ForLogin(user.IsAdmin), options.Value.TokenLifetime);
        return AuthResult.Ok(View(user), token);
    }

    public async Task Logout(long tokenId) => await store.RevokeTokenAsync(tokenId, ownerId: null, Now);

    public async Task<IReadOnlyList<long>> LogoutAll(Guid userUuid) =>
        await store.FindUserByUuidAsync(userUuid) is { } user ? await store.RevokeAllAsync(user.Id, Now) : [];

    public async Task<UserResult> GetUser(Guid userUuid) =>
        await store.FindUserByUuidAsync(userUuid) is { } user ? UserResult.Ok(View(user)) : UserResult.Fail(UserNotFound);

    public async Task<TokenResult> CreateToken(Guid userUuid, string name, IReadOnlyList<string> abilities, int? expiresInDays,
        IReadOnlyList<string> callerAbilities)
    {
        if ((Invalid("name", IdentityRules.CheckName(name)) ?? Invalid("abilities", IdentityRules.CheckAbilities(abilities))
            ?? Invalid("expires_in_days", IdentityRules.CheckExpiresInDays(expiresInDays))) is { } error)
        {
            return TokenResult.Fail(error);
        }
        var user = await store.FindUserByUuidAsync(userUuid);
        if (user is null)
        {
            return TokenResult.Fail(UserNotFound);
        }
        var wanted = abilities.Distinct(StringComparer.Ordinal).ToArray();
        if (!Abilities.AreWithin(wanted, callerAbilities.ToArray(), user.IsAdmin))
        {
            return TokenResult.Fail(DomainError.Of(ErrorCodes.Forbidden,
                "A token can only be given abilities the token creating it has."));
        }
        var lifetime = expiresInDays is { } days ? TimeSpan.FromDays(days) : options.Value.TokenLifetime;
        return TokenResult.Ok(await IssueAsync(user, name.Trim(), wanted, lifetime));
    }

    public async Task<TokenPage> ListTokens(Guid userUuid, int limit, long? afterId)
    {
        var user = await store.FindUserByUuidAsync(userUuid);
        if (user is null)
        {
            return new TokenPage([], null);
        }
        var size = Math.Clamp(limit, 1, MaxPageSize);
        // One row more than the page tells whether another page exists without a COUNT.
        var rows = await store.ListTokensAsync(user.Id, size + 1, afterId, Now);
        return rows.Count > size ? new TokenPage(rows.Take(size).ToArray(), rows[size - 1].Id) : new TokenPage(rows, null);
    }

    public async Task<IdentityOutcome> RevokeToken(Guid userUuid, long tokenId)
    {
        var user = await store.FindUserByUuidAsync(userUuid);
        // Someone else's token answers exactly like a missing one, so ids of other users' tokens cannot be probed.
        return user is not null && await store.RevokeTokenAsync(tokenId, user.Id, Now)
            ? IdentityOutcome.Ok
            : IdentityOutcome.Fail(DomainError.Of(ErrorCodes.NotFound, "No such token."));
    }

    public async Task<TokenPrincipal?> ResolveToken(long tokenId, string secretSha256Hex)
    {
        if (tokenId <= 0 || secretSha256Hex is not { Length: 64 } || !secretSha256Hex.All(char.IsAsciiHexDigit))
        {
            return null;
        }
        return await store.ResolveTokenAsync(tokenId, secretSha256Hex, Now);
    }

    public async Task<RevokedTokens> GetRevokedTokenIds(DateTimeOffset? since)
    {
        // The watermark is taken before the query: anything revoked later is found by the next poll.
        var watermark = options.Value.Clock.GetUtcNow();
        if (since is null)
        {
            return new RevokedTokens([], watermark);
        }
        var ids = await store.RevokedSinceAsync((since.Value - options.Value.RevocationLookback).UtcDateTime);
        return new RevokedTokens(ids, watermark);
    }

    private DateTime Now => options.Value.Clock.GetUtcNow().UtcDateTime;

    private static DomainError UserNotFound => DomainError.Of(ErrorCodes.NotFound, "No such user.");

    private async Task<IssuedToken> IssueAsync(UserRecord user, string name, IReadOnlyList<string> abilities, TimeSpan lifetime)
    {
        var secret = TokenFormat.NewSecret();
        var now = Now;
        // Whole seconds: personal_access_tokens.expires_at keeps no fractions, and the answer must match the row.
        var expiresAt = new DateTime(now.Add(lifetime).Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, DateTimeKind.Utc);
        var id = await store.InsertTokenAsync(user.Id, name, TokenFormat.HashSecret(secret), abilities, expiresAt, now);
        return new IssuedToken(id, TokenFormat.Format(id, secret), abilities, new DateTimeOffset(expiresAt));
    }

    private static UserView View(UserRecord user) => new(user.Uuid, user.Name, user.Email, user.IsAdmin);

    private static string Truncate(string value) =>
        value.Length <= IdentityRules.MaxNameLength ? value : value[..IdentityRules.MaxNameLength];

    private static DomainError? Invalid(string field, string? message) =>
        message is null
            ? null
            : new DomainError(ErrorCodes.ValidationFailed, message,
                new Dictionary<string, string> { [IdentityErrorDetails.Field] = field });
}
