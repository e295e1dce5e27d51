using System.Globalization;
using System.Numerics;

namespace FinAegis.Grains.Abstractions.Money;

/// <summary>
/// Exchange-rate input (SPEC §7): a plain positive decimal with at most 8 decimals and at most 12 integer digits
/// (the schema's <c>decimal(20,8)</c>), parsed exactly. No exponents, no floating point.
/// </summary>
public static class RateText
{
    public const int Decimals = 8;
    public const decimal Scale = 100_000_000m;

    /// <summary>The largest rate the `exchange_rates.rate decimal(20,8)` column holds.</summary>
    public const decimal Max = 999_999_999_999.99999999m;

    public enum ParseError { None, NotANumber, NotPositive, TooPrecise, TooLarge }

    public static ParseError TryParse(string? text, out decimal rate)
    {
        rate = 0;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 64)
        {
            return ParseError.NotANumber;
        }
        var s = text.Trim();
        var negative = s.StartsWith('-');
        if (negative || s.StartsWith('+'))
        {
            s = s[1..];
        }
        var dot = s.IndexOf('.');
        var intPart = dot < 0 ? s : s[..dot];
        var fracPart = dot < 0 ? "" : s[(dot + 1)..];
        if ((intPart.Length == 0 && fracPart.Length == 0) || (dot >= 0 && fracPart.Length == 0)
            || !intPart.All(char.IsAsciiDigit) || !fracPart.All(char.IsAsciiDigit))
        {
            return ParseError.NotANumber;
        }
        var significantFraction = fracPart.TrimEnd('0');
        var value = BigInteger.Parse((intPart.Length == 0 ? "0" : intPart) + significantFraction.PadRight(Decimals, '0'),
            NumberStyles.None, CultureInfo.InvariantCulture);
        if (value.IsZero || negative)
        {
            return ParseError.NotPositive;
        }
        if (significantFraction.Length > Decimals)
        {
            return ParseError.TooPrecise;
        }
        if (value > new BigInteger(Max * Scale))
        {
            return ParseError.TooLarge;
        }
        rate = (decimal)value / Scale;
        return ParseError.None;
    }

    /// <summary>The stored form: exactly 8 decimals ("1.20000000"), as in the `exchange_rates` column.</summary>
    public static string Format(decimal rate) => rate.ToString("0.00000000", CultureInfo.InvariantCulture);
}
