using System.Globalization;
using System.Security.Claims;
using FinAegis.Api.Accounts;
using FinAegis.Api.Http;
using FinAegis.Api.Identity;
using FinAegis.Grains.Abstractions.Common;
using FinAegis.Grains.Abstractions.Identity;
using FinAegis.Grains.Abstractions.Webhooks;

namespace FinAegis.Api.Webhooks;

/// <summary>SPEC §9: webhook administration, deliveries and redelivery (admin); the event catalogue (public).</summary>
public static class WebhooksEndpoints
{
    public static IEndpointRouteBuilder MapWebhooks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/webhooks/events", Events).WithTags("Webhooks").AllowAnonymous();
        var webhooks = endpoints.MapGroup("/api/webhooks").WithTags("Webhooks").RequireAuthorization();
        webhooks.MapPost("/", Create).RequireAbility(Abilities.Admin);
        webhooks.MapGet("/", List).RequireAbility(Abilities.Admin);
        webhooks.MapGet("/{id}", Get).RequireAbility(Abilities.Admin);
        webhooks.MapPut("/{id}", Update).RequireAbility(Abilities.Admin);
        webhooks.MapDelete("/{id}", Delete).RequireAbility(Abilities.Admin);
        webhooks.MapPost("/{id}/rotate-secret", RotateSecret).RequireAbility(Abilities.Admin);
        webhooks.MapGet("/{id}/deliveries", Deliveries).RequireAbility(Abilities.Admin);
        webhooks.MapPost("/{id}/deliveries/{deliveryId}/redeliver", Redeliver).RequireAbility(Abilities.Admin);
        return endpoints;
    }

    private static IResult Events() => TypedResults.Ok(new DataEnvelope<IReadOnlyList<string>>(WebhookEvents.All));

    private static async Task<IResult> Create(WebhookRequest? body, ClaimsPrincipal user, IClusterClient client)
    {
        if (body is null)
        {
            return Problems.InvalidJson("A JSON object is required.");
        }
        var errors = Validate(body, creating: true);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        var result = await Admin(client).Create(new CreateWebhook(user.ToCaller(), body.Name!, body.Url!, body.Events!.Select(e => e!).ToList(),
            Headers(body), body.IsActive, body.TimeoutSeconds, body.RetryAttempts));
        return result.Webhook is { } webhook
            ? TypedResults.Created($"/api/webhooks/{webhook.Id}", new DataEnvelope<WebhookDto>(WebhookDto.From(webhook, result.Secret)))
            : Problem(result.Error!);
    }

    private static async Task<IResult> List(ClaimsPrincipal user, IClusterClient client, string? limit, string? cursor)
    {
        var errors = ListQuery.Validate(limit, cursor, out var pageSize);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        var page = await Admin(client).List(user.ToCaller(), pageSize, cursor);
        return TypedResults.Ok(new ListEnvelope<WebhookDto>(page.Data.Select(w => WebhookDto.From(w)).ToList(), page.NextCursor));
    }

    private static async Task<IResult> Get(string id, ClaimsPrincipal user, IClusterClient client)
    {
        if (ParseId(id) is not { } webhookId)
        {
            return NotFound();
        }
        var result = await Admin(client).Get(user.ToCaller(), webhookId);
        return result.Webhook is { } webhook ? TypedResults.Ok(new DataEnvelope<WebhookDto>(WebhookDto.From(webhook))) : Problem(result.Error!);
    }

    private static async Task<IResult> Update(string id, WebhookRequest? body, ClaimsPrincipal user, IClusterClient client)
    {
        if (ParseId(id) is not { } webhookId)
        {
            return NotFound();
        }
        if (body is null)
        {
            return Problems.InvalidJson("A JSON object is required.");
        }
        var errors = Validate(body, creating: false);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        var result = await Admin(client).Update(new UpdateWebhook(user.ToCaller(), webhookId, body.Name, body.Url,
            body.Events?.Select(e => e!).ToList(), Headers(body), body.IsActive, body.TimeoutSeconds, body.RetryAttempts));
        return result.Webhook is { } webhook ? TypedResults.Ok(new DataEnvelope<WebhookDto>(WebhookDto.From(webhook))) : Problem(result.Error!);
    }

    private static async Task<IResult> Delete(string id, ClaimsPrincipal user, IClusterClient client)
    {
        if (ParseId(id) is not { } webhookId)
        {
            return NotFound();
        }
        var error = await Admin(client).Delete(user.ToCaller(), webhookId);
        return error is null ? TypedResults.NoContent() : Problem(error);
    }

    private static async Task<IResult> RotateSecret(string id, ClaimsPrincipal user, IClusterClient client)
    {
        if (ParseId(id) is not { } webhookId)
        {
            return NotFound();
        }
        var result = await Admin(client).RotateSecret(user.ToCaller(), webhookId);
        return result.Webhook is { } webhook
            ? TypedResults.Ok(new DataEnvelope<WebhookDto>(WebhookDto.From(webhook, result.Secret)))
            : Problem(result.Error!);
    }

    private static async Task<IResult> Deliveries(string id, ClaimsPrincipal user, IClusterClient client, string? status, string? limit, string? cursor)
    {
        if (ParseId(id) is not { } webhookId)
        {
            return NotFound();
        }
        var errors = ListQuery.Validate(limit, cursor, out var pageSize);
        if (status is not null && !WebhookDeliveryStatus.All.Contains(status, StringComparer.Ordinal))
        {
            errors["status"] = [$"The status must be one of {string.Join(", ", WebhookDeliveryStatus.All)}."];
        }
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        var result = await Admin(client).ListDeliveries(new WebhookDeliveryQuery(user.ToCaller(), webhookId, status, pageSize, cursor));
        return result.Page is { } page
            ? TypedResults.Ok(new ListEnvelope<WebhookDeliveryDto>(page.Data.Select(WebhookDeliveryDto.From).ToList(), page.NextCursor))
            : Problem(result.Error!);
    }

    private static async Task<IResult> Redeliver(string id, string deliveryId, ClaimsPrincipal user, IClusterClient client)
    {
        if (ParseId(id) is not { } webhookId || ParseId(deliveryId) is not { } delivery)
        {
            return NotFound();
        }
        var result = await Admin(client).Redeliver(user.ToCaller(), webhookId, delivery);
        return result.Delivery is { } queued
            ? TypedResults.Accepted($"/api/webhooks/{webhookId}/deliveries", new DataEnvelope<WebhookDeliveryDto>(WebhookDeliveryDto.From(queued)))
            : Problem(result.Error!);
    }

    /// <summary>The shape rules; the silo re-checks them and resolves the URL's host.</summary>
    private static Dictionary<string, string[]> Validate(WebhookRequest body, bool creating)
    {
        var errors = new Dictionary<string, string[]>();
        void Check(string field, string? message)
        {
            if (message is not null)
            {
                errors[field] = [message];
            }
        }
        if (creating || body.Name is not null)
        {
            Check("name", WebhookRules.CheckName(body.Name));
        }
        if (creating || body.Url is not null)
        {
            Check("url", WebhookRules.CheckUrl(body.Url, out _));
        }
        if (creating || body.Events is not null)
        {
            Check("events", WebhookRules.CheckEvents(body.Events));
        }
        Check("headers", WebhookRules.CheckHeaders(body.Headers));
        Check("timeout_seconds", WebhookRules.CheckTimeout(body.TimeoutSeconds));
        Check("retry_attempts", WebhookRules.CheckRetryAttempts(body.RetryAttempts));
        return errors;
    }

    private static IReadOnlyDictionary<string, string>? Headers(WebhookRequest body) =>
        body.Headers?.ToDictionary(pair => pair.Key, pair => pair.Value ?? "", StringComparer.Ordinal);

    private static long? ParseId(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0 ? id : null;

    private static IWebhookAdminGrain Admin(IClusterClient client) => client.Grain<IWebhookAdminGrain>(0);

    private static IResult NotFound() => Problems.NotFound(ErrorCodes.NotFound, "No such webhook.");

    /// <summary>A grain's refusal; a validation refusal names its field in `errors`.</summary>
    internal static IResult Problem(DomainError error) =>
        error.Code == ErrorCodes.ValidationFailed && error.Details?.GetValueOrDefault("field") is { } field
            ? Problems.Validation(field, error.Message)
            : Problems.FromDomainError(error);
}
