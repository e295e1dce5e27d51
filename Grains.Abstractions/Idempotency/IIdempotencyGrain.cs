namespace FinAegis.Grains.Abstractions.Idempotency;

/// <summary>
/// Guards the client Idempotency-Keys of one user (key: the user's uuid). It knows whether a request with a key is in
/// flight (409), finished (replay) or was made with another body (422).
/// </summary>
[Alias("IIdempotencyGrain")]
public interface IIdempotencyGrain : IGrainWithGuidKey
{
    /// <summary>Claims <paramref name="key"/> for a request whose body hashes to <paramref name="requestHash"/>.</summary>
    [Alias("Begin")]
    Task<IdempotencyBegin> Begin(string key, string requestHash);

    /// <summary>Records the successful result (JSON) so later replays need no database read; called by the grain that applied the request.</summary>
    [Alias("Complete")]
    Task Complete(string key, string requestHash, string resultJson);

    /// <summary>Releases the claim after a request that applied nothing (a business-rule refusal, by the grain that refused
    /// it) or whose outcome is unknown (a fault, by the API).</summary>
    [Alias("Release")]
    Task Release(string key, string requestHash);
}

public enum IdempotencyOutcome { Started, InFlight, Mismatch, Completed }

[GenerateSerializer, Immutable, Alias("IdempotencyBegin")]
public sealed record IdempotencyBegin(
    [property: Id(0)] IdempotencyOutcome Outcome,
    [property: Id(1)] string? ResultJson = null);
