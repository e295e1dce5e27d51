using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace FinAegis.Grains.Abstractions.Governance;

/// <summary>
/// Reads an option's metadata as what its poll's workflow applies: a new asset for add_asset
/// (`{code, name, type, precision, metadata?}`), a setting for update_setting (`{key, value}`). Shared by the API (to
/// refuse a bad poll at creation) and the grain (to apply the winner).
/// </summary>
public static partial class WorkflowMetadata
{
    public static readonly IReadOnlySet<string> AssetTypes = new HashSet<string>(StringComparer.Ordinal) { "fiat", "crypto", "commodity", "custom" };

    public sealed record AssetSpec(string Code, string Name, string Type, int Precision, string? MetadataJson);

    public sealed record SettingSpec(string Key, string Value, string Type);

    public static string? TryParseAsset(string json, out AssetSpec? asset)
    {
        asset = null;
        using var document = Parse(json, out var error);
        if (document is null)
        {
            return error;
        }
        var root = document.RootElement;
        var code = root.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : null;
        if (code is null || !AssetCode().IsMatch(code))
        {
            return "The asset code must match ^[A-Z0-9]{2,10}$.";
        }
        var name = root.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()!.Trim() : null;
        if (string.IsNullOrEmpty(name) || name.Length > 100)
        {
            return "The asset name is required and at most 100 characters.";
        }
        var type = root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : null;
        if (type is null || !AssetTypes.Contains(type))
        {
            return "The asset type must be one of fiat, crypto, commodity, custom.";
        }
        if (!root.TryGetProperty("precision", out var p) || !p.TryGetInt32(out var precision) || precision is < 0 or > 18)
        {
            return "The asset precision must be an integer from 0 to 18.";
        }
        string? metadata = null;
        if (root.TryGetProperty("metadata", out var m) && m.ValueKind != JsonValueKind.Null)
        {
            if (m.ValueKind != JsonValueKind.Object)
            {
                return "The asset metadata must be an object.";
            }
            metadata = m.GetRawText();
        }
        asset = new AssetSpec(code, name, type, precision, metadata);
        return null;
    }

    public static string? TryParseSetting(string json, out SettingSpec? setting)
    {
        setting = null;
        using var document = Parse(json, out var error);
        if (document is null)
        {
            return error;
        }
        var root = document.RootElement;
        var key = root.TryGetProperty("key", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString()!.Trim() : null;
        if (string.IsNullOrEmpty(key) || key.Length > 255)
        {
            return "The setting key is required and at most 255 characters.";
        }
        if (!root.TryGetProperty("value", out var value) || value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return "The setting value is required.";
        }
        // The type follows the JSON value: the settings table's string|boolean|integer|json|array.
        setting = value.ValueKind switch
        {
            JsonValueKind.String => new SettingSpec(key, value.GetString()!, "string"),
            JsonValueKind.True or JsonValueKind.False => new SettingSpec(key, value.GetBoolean() ? "true" : "false", "boolean"),
            JsonValueKind.Number when value.TryGetInt64(out var integer) => new SettingSpec(key, integer.ToString(CultureInfo.InvariantCulture), "integer"),
            JsonValueKind.Number => new SettingSpec(key, value.GetRawText(), "string"),
            JsonValueKind.Array => new SettingSpec(key, value.GetRawText(), "array"),
            _ => new SettingSpec(key, value.GetRawText(), "json"),
        };
        return null;
    }

    private static JsonDocument? Parse(string json, out string? error)
    {
        error = null;
        try
        {
            var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }
            document.Dispose();
        }
        catch (JsonException)
        {
        }
        error = "The metadata must be a JSON object.";
        return null;
    }

    [GeneratedRegex("^[A-Z0-9]{2,10}$")]
    private static partial Regex AssetCode();
}
