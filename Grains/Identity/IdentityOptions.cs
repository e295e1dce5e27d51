namespace FinAegis.Grains.Identity;

/// <summary>Silo-side identity settings; bound by <see cref="IdentityServiceCollectionExtensions.AddFinAegisIdentity"/>.</summary>
public sealed class IdentityOptions
{
    /// <summary>MySQL connection string of the FinAegis database (users, personal_access_tokens).</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>bcrypt cost (log2 rounds). 10 is Laravel's default; tests lower it to keep hashing cheap.</summary>
    public int BcryptWorkFactor { get; set; } = 10;

    /// <summary>Lifetime of login tokens, and of created tokens that name no expires_in_days.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Failed logins per email allowed within <see cref="LoginThrottleWindow"/>; the next is refused.</summary>
    public int MaxFailedLogins { get; set; } = 5;

    public TimeSpan LoginThrottleWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How far each revocation poll looks back before its watermark. Covers clock skew between silos (revoked_at is
    /// written with the revoking silo's clock) and revocations committed just after the previous poll read.
    /// </summary>
    public TimeSpan RevocationLookback { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Identity's own clock (token expiry, throttle window). Kept apart from the runtime's TimeProvider so tests can
    /// move it forward without moving Orleans' timers and membership.
    /// </summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;
}
