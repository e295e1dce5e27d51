namespace FinAegis.Grains.Abstractions.Idempotency;

/// <summary>
/// Guards one client Idempotency-Key of one user (key: "{userUuid}:{idempotencyKey}"). It knows whether a request
/// with the key is in flight (409), finished (replay) or was made with another body (422).
/// </summary>
[Alias("IIdempotencyGrain")]
public interface IIdempotencyGrain : IGrainWithStringKey
{
    /// <summary>Claims the key for a request whose body hashes to <paramref name="requestHash"/>.</summary>
    [Alias("Begin")]
    Task<IdempotencyBegin> Begin(string requestHash);

    /// <summary>Records the successful result (JSON) so later replays need no database read.</summary>
    [Alias("Complete")]
    Task Complete(string requestHash, string resultJson);

    /// <summary>Releases the claim after a request that applied nothing (a business-rule refusal or a fault).</summary>
    [Alias("Release")]
    Task Release(string requestHash);
}

public enum IdempotencyOutcome { Started, InFlight, Mismatch, Completed }

[GenerateSerializer, Immutable, Alias("IdempotencyBegin")]
public sealed record IdempotencyBegin(
    [property: Id(0)] IdempotencyOutcome Outcome,
    [property: Id(1)] string? ResultJson = null);
