using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using FinAegis.Api.Accounts;
using FinAegis.Api.Http;
using FinAegis.Api.Identity;
using FinAegis.Api.Webhooks;
using FinAegis.Grains.Abstractions.Common;
using FinAegis.Grains.Abstractions.Identity;
using FinAegis.Grains.Abstractions.Settings;

namespace FinAegis.Api.Settings;

public sealed record PutSettingRequest(JsonElement? Value, string? Type, bool? IsEncrypted, string? Description);

/// <summary><see cref="Value"/> is the typed value, or the mask "********" for an encrypted one not shown.</summary>
public sealed record SettingDto(string Key, JsonElement Value, string Type, bool IsEncrypted,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Description, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public const string Mask = "********";

    private static readonly JsonElement _mask = JsonDocument.Parse("\"" + Mask + "\"").RootElement.Clone();

    public static SettingDto From(SettingView view) => new(view.Key,
        view.ValueJson is null ? _mask : JsonDocument.Parse(view.ValueJson).RootElement.Clone(), view.Type, view.IsEncrypted, view.Description,
        view.CreatedAt, view.UpdatedAt);
}

/// <summary>SPEC §10: typed settings; lists mask encrypted values, only administrators read them decrypted or change settings.</summary>
public static class SettingsEndpoints
{
    public static IEndpointRouteBuilder MapSettings(this IEndpointRouteBuilder endpoints)
    {
        var settings = endpoints.MapGroup("/api/settings").WithTags("Settings").RequireAuthorization();
        settings.MapGet("/", List);
        settings.MapGet("/{key}", Get);
        settings.MapPut("/{key}", Put).RequireAbility(Abilities.Admin);
        return endpoints;
    }

    private static async Task<IResult> List(ClaimsPrincipal user, IClusterClient client, string? limit, string? cursor)
    {
        var errors = ListQuery.Validate(limit, cursor, out var pageSize);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        var page = await client.Grain<ISettingsGrain>(0).List(user.ToCaller(), pageSize, cursor);
        return TypedResults.Ok(new ListEnvelope<SettingDto>(page.Data.Select(SettingDto.From).ToList(), page.NextCursor));
    }

    private static async Task<IResult> Get(string key, ClaimsPrincipal user, IClusterClient client)
    {
        if (SettingRules.CheckKey(key) is not null)
        {
            return Problems.NotFound(detail: "No such setting.");
        }
        var result = await client.Grain<ISettingsGrain>(0).Get(user.ToCaller(), key);
        return result.Setting is { } setting
            ? TypedResults.Ok(new DataEnvelope<SettingDto>(SettingDto.From(setting)))
            : WebhooksEndpoints.Problem(result.Error!);
    }

    private static async Task<IResult> Put(string key, PutSettingRequest? body, ClaimsPrincipal user, IClusterClient client)
    {
        if (body is null)
        {
            return Problems.InvalidJson("A JSON object is required.");
        }
        var errors = new Dictionary<string, string[]>();
        if (SettingRules.CheckKey(key) is { } keyError)
        {
            errors["key"] = [keyError];
        }
        if (SettingRules.CheckType(body.Type) is { } typeError)
        {
            errors["type"] = [typeError];
        }
        else if (SettingRules.TryNormalize(body.Type!, body.Value is { } value ? value.GetRawText() : null, out _) is { } valueError)
        {
            errors["value"] = [valueError];
        }
        if (body.Description is { Length: > SettingRules.MaxDescriptionLength })
        {
            errors["description"] = [$"The description is at most {SettingRules.MaxDescriptionLength} characters."];
        }
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        var result = await client.Grain<ISettingsGrain>(0).Put(new PutSetting(user.ToCaller(), key, body.Value!.Value.GetRawText(), body.Type!,
            body.IsEncrypted ?? false, body.Description));
        return result.Setting is { } setting
            ? TypedResults.Ok(new DataEnvelope<SettingDto>(SettingDto.From(setting)))
            : WebhooksEndpoints.Problem(result.Error!);
    }
}
