namespace FinAegis.Grains.Abstractions.Identity;

/// <summary>
/// Counts failed logins for one email (key: the lower-cased email) in a sliding window. One activation in the
/// cluster per email, so the count holds across silos; it lives in memory and a silo crash forgets it.
/// </summary>
[Alias("ILoginThrottleGrain")]
public interface ILoginThrottleGrain : IGrainWithStringKey
{
    /// <summary>Whether a login attempt may go ahead now.</summary>
    [Alias("Check")]
    Task<ThrottleDecision> Check();

    [Alias("RecordFailure")]
    Task RecordFailure();

    /// <summary>A successful login clears the count.</summary>
    [Alias("Reset")]
    Task Reset();
}

/// <summary><see cref="RetryAfterSeconds"/> is 0 when allowed; <see cref="RecentFailures"/> counts the window.</summary>
[GenerateSerializer, Immutable, Alias("ThrottleDecision")]
public sealed record ThrottleDecision(
    [property: Id(0)] bool Allowed,
    [property: Id(1)] int RetryAfterSeconds,
    [property: Id(2)] int RecentFailures);
