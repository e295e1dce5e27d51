using System.Security.Claims;
using System.Text.Json;
using FinAegis.Api.Accounts;
using FinAegis.Api.Http;
using FinAegis.Api.Identity;
using FinAegis.Grains.Abstractions.Assets;
using FinAegis.Grains.Abstractions.Common;
using FinAegis.Grains.Abstractions.Identity;

namespace FinAegis.Api.Assets;

/// <summary>SPEC §7 assets: public reads, admin create and (de)activate.</summary>
public static class AssetsEndpoints
{
    public static IEndpointRouteBuilder MapAssets(this IEndpointRouteBuilder endpoints)
    {
        var assets = endpoints.MapGroup("/api/assets").WithTags("Assets");
        assets.MapGet("/", List).AllowAnonymous();
        assets.MapGet("/{code}", Get).AllowAnonymous();
        assets.MapPost("/", Create).RequireAbility(Abilities.Admin);
        assets.MapPatch("/{code}", Update).RequireAbility(Abilities.Admin);
        return endpoints;
    }

    private static async Task<IResult> List(AssetDirectory directory, string? type, string? include_inactive)
    {
        var errors = new Dictionary<string, string[]>();
        if (type is not null && !AssetRules.Types.Contains(type))
        {
            errors["type"] = [$"The type must be one of {string.Join(", ", AssetRules.Types)}."];
        }
        var includeInactive = false;
        if (include_inactive is not null && !TryParseFlag(include_inactive, out includeInactive))
        {
            errors["include_inactive"] = ["include_inactive is true or false."];
        }
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        var data = (await directory.AllAsync())
            .Where(asset => (includeInactive || asset.IsActive) && (type is null || asset.Type == type))
            .OrderBy(asset => asset.Code, StringComparer.Ordinal)
            .Select(ToDto)
            .ToList();
        return TypedResults.Ok(new DataEnvelope<List<AssetDto>>(data));
    }

    private static async Task<IResult> Get(string code, AssetDirectory directory) =>
        await directory.FindAsync(code) is { } asset
            ? TypedResults.Ok(new DataEnvelope<AssetDto>(ToDto(asset)))
            : Problems.NotFound(ErrorCodes.AssetNotFound, $"There is no asset with the code '{code}'.");

    private static async Task<IResult> Create(CreateAssetRequest? body, ClaimsPrincipal user, IClusterClient client, AssetDirectory directory)
    {
        if (body is null)
        {
            return Problems.InvalidJson("A JSON object is required.");
        }
        var errors = new Dictionary<string, string[]>();
        if (!AssetRules.IsValidCode(body.Code))
        {
            errors["code"] = ["The code is 2 to 10 characters of A-Z and 0-9."];
        }
        var name = body.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 100)
        {
            errors["name"] = ["The name is required and at most 100 characters."];
        }
        if (body.Type is null || !AssetRules.Types.Contains(body.Type))
        {
            errors["type"] = [$"The type must be one of {string.Join(", ", AssetRules.Types)}."];
        }
        var precision = -1;
        if (body.Precision is not { ValueKind: JsonValueKind.Number } p || !p.TryGetInt32(out precision)
            || precision is < 0 or > AssetRules.MaxPrecision)
        {
            errors["precision"] = [$"The precision is an integer from 0 to {AssetRules.MaxPrecision}."];
        }
        string? metadata = null;
        if (body.Metadata is { ValueKind: not JsonValueKind.Null } m)
        {
            if (m.ValueKind != JsonValueKind.Object)
            {
                errors["metadata"] = ["The metadata must be a JSON object."];
            }
            else
            {
                metadata = m.GetRawText();
            }
        }
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        var result = await client.Grain<IAssetAdminGrain>(0).Create(new CreateAsset(user.ToCaller(), body.Code!, name!, body.Type!, precision, metadata));
        directory.Invalidate();
        if (result.Asset is not { } asset)
        {
            return result.Error!.Code == ErrorCodes.ValidationFailed
                ? Problems.Validation("code", result.Error.Message)
                : Problems.FromDomainError(result.Error);
        }
        return TypedResults.Created($"/api/assets/{asset.Code}", new DataEnvelope<AssetDto>(ToDto(asset)));
    }

    private static async Task<IResult> Update(string code, UpdateAssetRequest? body, ClaimsPrincipal user, IClusterClient client, AssetDirectory directory)
    {
        if (body is null)
        {
            return Problems.InvalidJson("A JSON object is required.");
        }
        if (body.IsActive is not { } isActive)
        {
            return Problems.Validation("is_active", "is_active (true or false) is required.");
        }
        if (!AssetRules.IsValidCode(code))
        {
            return Problems.NotFound(ErrorCodes.AssetNotFound, $"There is no asset with the code '{code}'.");
        }
        var result = await client.Grain<IAssetAdminGrain>(0).SetActive(user.ToCaller(), code, isActive);
        directory.Invalidate();
        if (result.Asset is { } asset)
        {
            return TypedResults.Ok(new DataEnvelope<AssetDto>(ToDto(asset)));
        }
        return result.Error!.Code == ErrorCodes.AssetNotFound
            ? Problems.NotFound(ErrorCodes.AssetNotFound, result.Error.Message)
            : Problems.FromDomainError(result.Error);
    }

    public static AssetDto ToDto(AssetInfo asset) => new(asset.Code, asset.Name, asset.Type, asset.Precision, asset.IsActive,
        asset.MetadataJson is null ? null : JsonDocument.Parse(asset.MetadataJson).RootElement.Clone());

    private static bool TryParseFlag(string text, out bool value)
    {
        switch (text.ToLowerInvariant())
        {
            case "1" or "true":
                value = true;
                return true;
            case "0" or "false":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }
}
