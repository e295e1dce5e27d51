using FinAegis.Api.Http;
using FinAegis.Grains.Abstractions.Common;
using FinAegis.Grains.Abstractions.Idempotency;

namespace FinAegis.Api.Idempotency;

/// <summary>
/// Runs a money-moving request under the SPEC §3 Idempotency-Key rules: no key, a new operation; the same key and
/// body, the first result replayed (nothing applied twice); another body, 422; the first still running, 409. The
/// grain that applies the request claims the key, gives those answers, and keeps results durably (same transaction
/// as the events).
/// </summary>
public sealed class IdempotentExecutor(IClusterClient client)
{
    /// <param name="run">Applies the request with the given operation id and, when keyed, the claim: the grain that applies
    /// it claims the key, stores it with its events and then completes it (or releases it when nothing was applied).</param>
    /// <param name="succeeded">Builds the success response from the (new or replayed) result.</param>
    public async Task<IResult> ExecuteAsync<TResult>(HttpContext http, Caller caller, string fingerprint,
        Func<Guid, IdempotencyClaim?, Task<(TResult? Value, DomainError? Error, bool Replayed)>> run,
        Func<TResult, Task<IResult>> succeeded) where TResult : class
    {
        if (!http.Request.Headers.TryGetValue(IdempotencyKeys.HeaderName, out var values))
        {
            return await RespondAsync(http, await run(Guid.NewGuid(), null), succeeded);
        }
        var key = values.ToString();
        if (values.Count != 1 || !IdempotencyKeys.IsValid(key))
        {
            return Problems.Create(StatusCodes.Status400BadRequest, ErrorCodes.InvalidIdempotencyKey, "Invalid Idempotency-Key.",
                "The Idempotency-Key must be a UUID or 16 to 64 characters of [A-Za-z0-9_-].");
        }
        var hash = IdempotencyKeys.RequestHash(fingerprint);
        (TResult? Value, DomainError? Error, bool Replayed) outcome;
        try
        {
            // The account grain claims the key, answers a replay or refuses a reused or busy key itself (one call
            // from the API instead of two).
            outcome = await run(IdempotencyKeys.OperationId(caller.UserUuid, key), new IdempotencyClaim(caller.UserUuid, key, hash));
        }
        catch
        {
            // Outcome unknown: free the key; a retry looks the result up durably and the grain recognises the operation id.
            await client.Grain<IIdempotencyGrain>(caller.UserUuid).Release(key, hash);
            throw;
        }
        // The grain that applied the request has already completed the claim with its result, or released it.
        return await RespondAsync(http, outcome, succeeded);
    }

    private static async Task<IResult> RespondAsync<TResult>(HttpContext http, (TResult? Value, DomainError? Error, bool Replayed) outcome,
        Func<TResult, Task<IResult>> succeeded) where TResult : class
    {
        if (outcome.Value is null)
        {
            return Problems.FromDomainError(outcome.Error ?? DomainError.Of(ErrorCodes.Unavailable, "No result."));
        }
        if (outcome.Replayed)
        {
            http.Response.Headers[IdempotencyKeys.ReplayedHeaderName] = "true";
        }
        return await succeeded(outcome.Value);
    }
}
