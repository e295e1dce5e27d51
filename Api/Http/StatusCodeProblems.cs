using FinAegis.Grains.Abstractions.Common;
using Microsoft.AspNetCore.Diagnostics;

namespace FinAegis.Api.Http;

/// <summary>Bodiless error answers of the framework (an unknown route, a wrong method) as problems with codes.</summary>
public static class StatusCodeProblems
{
    public static async Task WriteAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        if (http.Response.HasStarted || http.Response.ContentLength is > 0 || http.Response.ContentType is not null)
        {
            return;
        }
        var problem = http.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => Problems.NotFound(ErrorCodes.NotFound, "No such resource."),
            StatusCodes.Status405MethodNotAllowed => Problems.Create(StatusCodes.Status405MethodNotAllowed, "METHOD_NOT_ALLOWED",
                "Method not allowed.", $"{http.Request.Method} is not allowed here."),
            StatusCodes.Status401Unauthorized => Problems.Unauthenticated(),
            StatusCodes.Status403Forbidden => Problems.Forbidden(),
            StatusCodes.Status413PayloadTooLarge => Problems.PayloadTooLarge(),
            StatusCodes.Status415UnsupportedMediaType => Problems.Create(StatusCodes.Status415UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE",
                "Unsupported media type.", "Send JSON with Content-Type: application/json."),
            _ => null,
        };
        if (problem is not null)
        {
            await problem.ExecuteAsync(http);
        }
    }
}
