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
}
