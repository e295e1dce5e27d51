using System.Globalization;
using System.Numerics;

namespace FinAegis.Grains.Abstractions.Money;

/// <summary>
/// Exact conversion between major-unit decimal text ("12.34") and integer minor units (1234), as SPEC §2 demands:
/// no floating point, no silent rounding, nothing above 2^53-1 minor units.
/// </summary>
public static class MinorUnits
{
    /// <summary>The largest amount or balance in minor units (2^53-1, the largest integer JSON clients keep exactly).</summary>
    public const long Max = 9_007_199_254_740_991L;

    public enum ParseError { None, NotANumber, NotPositive, TooPrecise, TooLarge }

    /// <summary>
    /// Parses a plain decimal as a JSON number writes it, without an exponent: an optional '-', digits, and optionally
    /// '.' and more digits ("12", "12.30", "0.5"). Whitespace, '+', ".5", "1.", exponents and separators are refused,
    /// so the text a client sent is exactly the number it meant.
    /// </summary>
    public static ParseError TryParse(string? text, int precision, out long minor)
    {
        minor = 0;
        if (string.IsNullOrEmpty(text))
        {
            return ParseError.NotANumber;
        }
        var negative = text[0] == '-';
        var s = negative ? text[1..] : text;
        var dot = s.IndexOf('.');
        var intPart = dot < 0 ? s : s[..dot];
        var fracPart = dot < 0 ? "" : s[(dot + 1)..];
        if (intPart.Length == 0 || (dot >= 0 && fracPart.Length == 0)
            || !intPart.All(char.IsAsciiDigit) || !fracPart.All(char.IsAsciiDigit))
        {
            return ParseError.NotANumber;
        }
        var significantFraction = fracPart.TrimEnd('0');
        if (significantFraction.Length > precision)
        {
            return ParseError.TooPrecise;
        }
        var digits = intPart + significantFraction.PadRight(precision, '0');
        var value = BigInteger.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        if (negative || value.IsZero)
        {
            return ParseError.NotPositive;
        }
        if (value > Max)
        {
            return ParseError.TooLarge;
        }
        minor = (long)value;
        return ParseError.None;
    }

    /// <summary>Formats minor units as major units with exactly <paramref name="precision"/> decimals ("12.34").</summary>
    public static string ToMajorString(long minor, int precision)
    {
        var negative = minor < 0;
        var digits = BigInteger.Abs(minor).ToString(CultureInfo.InvariantCulture);
        string text;
        if (precision == 0)
        {
            text = digits;
        }
        else
        {
            digits = digits.PadLeft(precision + 1, '0');
            text = digits[..^precision] + "." + digits[^precision..];
        }
        return negative ? "-" + text : text;
    }

    /// <summary>"12.34 USD".</summary>
    public static string Format(long minor, int precision, string assetCode) => $"{ToMajorString(minor, precision)} {assetCode}";
}
