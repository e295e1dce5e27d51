using System.Text.Json;
using FinAegis.Grains.Abstractions.Money;

namespace FinAegis.Api.Http;

/// <summary>Reads an `amount` given in major units as a JSON number or string, exactly (SPEC §2).</summary>
public static class AmountInput
{
    /// <returns>Null and the minor units, or an error message for the `amount` field.</returns>
    public static string? TryParse(JsonElement? amount, int precision, out long minor)
    {
        minor = 0;
        if (amount is not { } element || element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return "The amount is required.";
        }
        var text = element.ValueKind switch
        {
            JsonValueKind.Number => element.GetRawText(),
            JsonValueKind.String => element.GetString(),
            _ => null,
        };
        if (text is null)
        {
            return "The amount must be a number or a numeric string.";
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
    /// For an amount whose asset is unknown (so its precision is too): only whether it is a positive number at all,
    /// so the answer can name the unknown asset rather than a precision the client could not know.
    /// </summary>
    public static string? CheckShape(JsonElement? amount)
    {
        var error = TryParse(amount, precision: 18, out _);
        return error is not null && (error.StartsWith("The amount has more than", StringComparison.Ordinal)
            || error.StartsWith("The amount is too large", StringComparison.Ordinal)) ? null : error;
    }

    /// <summary>An amount that is present but neither a number nor a string is a wrong JSON type (400, not 422).</summary>
    public static bool HasWrongType(JsonElement? amount) =>
        amount is { } element && element.ValueKind is not (JsonValueKind.Number or JsonValueKind.String or JsonValueKind.Null or JsonValueKind.Undefined);
}
