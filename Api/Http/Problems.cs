using FinAegis.Grains.Abstractions.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FinAegis.Api.Http;

/// <summary>
/// Builds the RFC 9457 problems of SPEC §3: every error answer carries the stable `error` code, and validation
/// failures an `errors` map of field → messages.
/// </summary>
public static class Problems
{
    public static ProblemHttpResult Create(int status, string code, string title, string? detail = null,
        IDictionary<string, object?>? extensions = null)
    {
        var members = new Dictionary<string, object?> { ["error"] = code };
        if (extensions is not null)
        {
            foreach (var (key, value) in extensions)
            {
                members[key] = value;
            }
        }
        return TypedResults.Problem(detail: detail ?? title, statusCode: status, title: title,
            type: $"https://finaegis.dev/problems/{code.ToLowerInvariant().Replace('_', '-')}", extensions: members);
    }

    public static ProblemHttpResult Validation(IDictionary<string, string[]> errors) =>
        Create(StatusCodes.Status422UnprocessableEntity, ErrorCodes.ValidationFailed, "The request is not valid.",
            "One or more fields are invalid.", new Dictionary<string, object?> { ["errors"] = errors });

    public static ProblemHttpResult Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemHttpResult InvalidJson(string detail) =>
        Create(StatusCodes.Status400BadRequest, ErrorCodes.InvalidJson, "The request body is not valid JSON for this endpoint.", detail);

    public static ProblemHttpResult Unauthenticated(string detail = "A valid bearer token is required.") =>
        Create(StatusCodes.Status401Unauthorized, ErrorCodes.Unauthenticated, "Unauthenticated.", detail);

    public static ProblemHttpResult Forbidden(string detail = "You are not allowed to do this.") =>
        Create(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, "Forbidden.", detail);

    public static ProblemHttpResult NotFound(string code = ErrorCodes.NotFound, string detail = "Not found.") =>
        Create(StatusCodes.Status404NotFound, code, "Not found.", detail);

    public static ProblemHttpResult PayloadTooLarge() =>
        Create(StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge, "The request body is too large.",
            $"Request bodies are limited to {RequestBodyLimit.MaxBytes / 1024} KiB.");

    public static ProblemHttpResult Unavailable(string detail = "The cluster or its database cannot be reached; try again shortly.") =>
        Create(StatusCodes.Status503ServiceUnavailable, ErrorCodes.Unavailable, "Service unavailable.", detail);

    /// <summary>Maps a grain's business-rule refusal to its HTTP status (SPEC §3).</summary>
    public static ProblemHttpResult FromDomainError(DomainError error)
    {
        var status = error.Code switch
        {
            ErrorCodes.Forbidden => StatusCodes.Status403Forbidden,
            ErrorCodes.NotFound or ErrorCodes.AccountNotFound => StatusCodes.Status404NotFound,
            ErrorCodes.Unauthenticated or ErrorCodes.InvalidCredentials => StatusCodes.Status401Unauthorized,
            ErrorCodes.IdempotencyKeyInUse => StatusCodes.Status409Conflict,
            ErrorCodes.RateLimited => StatusCodes.Status429TooManyRequests,
            ErrorCodes.Unavailable => StatusCodes.Status503ServiceUnavailable,
            _ => StatusCodes.Status422UnprocessableEntity,
        };
        IDictionary<string, object?>? extensions = null;
        if (error.Details is { Count: > 0 })
        {
            extensions = new Dictionary<string, object?>();
            foreach (var (key, value) in error.Details)
            {
                extensions[key] = long.TryParse(value, out var number) ? number : value;
            }
        }
        return Create(status, error.Code, error.Message, error.Message, extensions);
    }
}
