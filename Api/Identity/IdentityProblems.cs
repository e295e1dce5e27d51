using FinAegis.Api.Http;
using FinAegis.Grains.Abstractions.Common;
using FinAegis.Grains.Abstractions.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace FinAegis.Api.Identity;

/// <summary>An identity grain's refusal as an HTTP problem: field errors for validation, Retry-After for throttling.</summary>
public static class IdentityProblems
{
    public static ProblemHttpResult From(DomainError error, HttpContext context)
    {
        if (error.Code == ErrorCodes.ValidationFailed && error.Details?.GetValueOrDefault(IdentityErrorDetails.Field) is { } field)
        {
            return Problems.Validation(field, error.Message);
        }
        if (error.Code == ErrorCodes.RateLimited && error.Details?.GetValueOrDefault(IdentityErrorDetails.RetryAfter) is { } seconds)
        {
            context.Response.Headers[HeaderNames.RetryAfter] = seconds;
        }
        return Problems.FromDomainError(error);
    }
}
