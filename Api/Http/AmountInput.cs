using System.Text.Json;
using FinAegis.Grains.Abstractions.Money;

namespace FinAegis.Api.Http;

/// <summary>Reads an `amount` given in major units as a JSON number or string, exactly (SPEC §2).</summary>
public static class AmountInput
{
    /// <summary>
    /// An `amount` of a JSON type no amount can have (a boolean, object or array): SPEC §3 answers wrong JSON types
    /// with 400 INVALID_JSON, as the binder does for every other typed field; a string or number that is not a valid
    /// amount is a 422 validation failure instead.
    /// </summary>
    public static bool IsWrongJsonType(JsonElement? amount) =>
        amount is { ValueKind: JsonValueKind.True or JsonValueKind.False or JsonValueKind.Object or JsonValueKind.Array };

    /// <returns>Null and the minor units, or an error message for the `amount` field.</returns>
    public static string? TryParse(JsonElement? amount, int precision, out long minor)
    {
        minor = 0;
        if (ReadText(amount, out var text) is { } error)
        {
            return error;
        }
        return MinorUnits.TryParse(text, precision, out minor) switch
        {
            MinorUnits.ParseError.None => null,
            MinorUnits.ParseError.NotPositive => "The amount must be greater than zero.",
            MinorUnits.ParseError.TooPrecise => $"The amount has more than {precision} decimals.",
            MinorUnits.ParseError.TooLarge => "The amount is too large (at most 2^53-1 minor units).",
            _ => "The amount is not a number.",
        };
    }

    /// <summary>
    /// The checks that hold whatever the asset (present, a plain number, positive), for a request naming an unknown
    /// asset: its precision and range are unknown, so "too precise" or "too large" would blame the wrong field.
    /// </summary>
    public static string? CheckShape(JsonElement? amount)
    {
        if (ReadText(amount, out var text) is { } error)
        {
            return error;
        }
        return MinorUnits.TryParse(text, MaxPrecision, out _) switch
        {
            MinorUnits.ParseError.NotPositive => "The amount must be greater than zero.",
            MinorUnits.ParseError.NotANumber => "The amount is not a number.",
            _ => null,
        };
    }

    /// <summary>The most decimals any asset may have (SPEC §7).</summary>
    private const int MaxPrecision = 18;

    private static string? ReadText(JsonElement? amount, out string text)
    {
        text = "";
        if (amount is not { } element || element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return "The amount is required.";
        }
        var value = element.ValueKind switch
        {
            JsonValueKind.Number => element.GetRawText(),
            JsonValueKind.String => element.GetString(),
            _ => null,
        };
        if (value is null)
        {
            return "The amount must be a number or a numeric string.";
        }
        text = value;
        return null;
    }

    /// <summary>
    /// An amount in the given asset: exactly, at its precision, when the asset is known; when it is not, only the
    /// checks that hold for any asset, so the answer can name the unknown asset instead (ASSET_NOT_FOUND).
    /// </summary>
    public static string? TryParseFor(JsonElement? amount, Grains.Abstractions.Assets.AssetInfo? asset, out long minor)
    {
        minor = 0;
        return asset is null ? CheckShape(amount) : TryParse(amount, asset.Precision, out minor);
    }
}
