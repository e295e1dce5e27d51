using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace FinAegis.Grains.Abstractions.Settings;

/// <summary>
/// The typed values of SPEC §10, shared by the API (early 422s) and the settings grain. A value travels as its JSON
/// text and is stored as text: a string as itself, a boolean as true/false, an integer as its digits, json and array
/// as compact JSON.
/// </summary>
public static partial class SettingRules
{
    public const string String = "string";
    public const string Boolean = "boolean";
    public const string Integer = "integer";
    public const string Json = "json";
    public const string Array = "array";
    public const int MaxKeyLength = 255;
    public const int MaxDescriptionLength = 1000;

    /// <summary>Text columns hold 64 KiB; encryption adds a third (base64) plus a header.</summary>
    public const int MaxStoredLength = 40_000;

    public static IReadOnlyList<string> Types { get; } = [String, Boolean, Integer, Json, Array];

    public static string? CheckKey(string? key) =>
        key is null || key.Length is 0 or > MaxKeyLength || !KeyPattern().IsMatch(key)
            ? $"Keys are 1 to {MaxKeyLength} characters of letters, digits, '.', '_' and '-'."
            : null;

    public static string? CheckType(string? type) =>
        type is null || !Types.Contains(type, StringComparer.Ordinal) ? $"The type must be one of {string.Join(", ", Types)}." : null;

    /// <summary>Checks <paramref name="valueJson"/> against <paramref name="type"/> and gives the text to store.</summary>
    public static string? TryNormalize(string type, string? valueJson, out string stored)
    {
        stored = "";
        if (valueJson is null)
        {
            return "A value is required.";
        }
        JsonElement value;
        try
        {
            using var document = JsonDocument.Parse(valueJson);
            value = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return "The value is not valid JSON.";
        }
        switch (type)
        {
            case String when value.ValueKind == JsonValueKind.String:
                stored = value.GetString()!;
                break;
            case Boolean when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                stored = value.GetBoolean() ? "true" : "false";
                break;
            case Integer when value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number):
                stored = number.ToString(CultureInfo.InvariantCulture);
                break;
            case Json when value.ValueKind is JsonValueKind.Object or JsonValueKind.Array:
            case Array when value.ValueKind == JsonValueKind.Array:
                stored = JsonSerializer.Serialize(value);
                break;
            default:
                return type switch
                {
                    String => "The value must be a JSON string.",
                    Boolean => "The value must be true or false.",
                    Integer => "The value must be an integer (64-bit, no fraction).",
                    Json => "The value must be a JSON object or array.",
                    Array => "The value must be a JSON array.",
                    _ => CheckType(type),
                };
        }
        return stored.Length > MaxStoredLength ? $"The value is at most {MaxStoredLength} characters." : null;
    }

    /// <summary>The JSON text of a stored value (the inverse of <see cref="TryNormalize"/>).</summary>
    public static string ToJson(string type, string stored) => type switch
    {
        String => JsonSerializer.Serialize(stored),
        _ => stored,
    };

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex KeyPattern();
}
