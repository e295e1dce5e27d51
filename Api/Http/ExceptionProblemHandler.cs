using System.Text.Json;
using Orleans.Runtime;
using Microsoft.AspNetCore.Diagnostics;
using MySqlConnector;

namespace FinAegis.Api.Http;

/// <summary>
/// The one mapping from exceptions to problems: unreadable bodies are 400 INVALID_JSON (413 when too large), an
/// unreachable cluster or database is 503 UNAVAILABLE, and anything else is a bug: a 500 that is logged.
/// </summary>
public sealed class ExceptionProblemHandler(ILogger<ExceptionProblemHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = Map(exception);
        if (problem is null)
        {
            logger.LogError(exception, "Unhandled exception for {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
            return false;
        }
        if (problem.StatusCode == StatusCodes.Status503ServiceUnavailable)
        {
            logger.LogWarning(exception, "Cluster or database unavailable for {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
            httpContext.Response.Headers.RetryAfter = "1";
        }
        await problem.ExecuteAsync(httpContext);
        return true;
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult? Map(Exception exception) => exception switch
    {
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => Problems.PayloadTooLarge(),
        BadHttpRequestException bad => Problems.InvalidJson(Describe(bad)),
        JsonException json => Problems.InvalidJson(json.Message),
        TimeoutException or OperationCanceledException or MySqlException or SiloUnavailableException
            or OrleansMessageRejectionException or OrleansException => Problems.Unavailable(),
        _ when exception.InnerException is { } inner => Map(inner),
        _ => null,
    };

    private static string Describe(BadHttpRequestException bad) =>
        bad.InnerException is JsonException json ? $"The body is not valid JSON for this request: {json.Message}" : bad.Message;
}
