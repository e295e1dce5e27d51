using System.Numerics;

namespace FinAegis.Grains.Abstractions.Money;

/// <summary>
/// SPEC §2's conversion rule, <c>to_minor = floor(from_minor · rate · 10^(to_precision − from_precision))</c>, in
/// exact integer arithmetic. System.Decimal is not enough: 2^53 minor units (16 digits) times a decimal(20,8) rate
/// (20 digits) times 10^18 needs 46 digits, and decimal holds 28-29; so the rule runs on BigInteger fractions.
/// </summary>
public static class CurrencyConversion
{
    public enum Error { None, AmountTooSmall, TooLarge }

    /// <summary>The converted amount, or why there is none: below one minor unit, or above 2^53-1.</summary>
    public static Error TryConvert(long fromMinor, int fromPrecision, int toPrecision, ExactRate rate, out long toMinor)
    {
        toMinor = 0;
        var result = ConvertUnbounded(fromMinor, fromPrecision, toPrecision, rate);
        if (result < BigInteger.One)
        {
            return Error.AmountTooSmall;
        }
        if (result > MinorUnits.Max)
        {
            return Error.TooLarge;
        }
        toMinor = (long)result;
        return Error.None;
    }

    /// <summary>floor(from · rate · 10^(to − from precision)) for a non-negative amount, with no upper bound.</summary>
    public static BigInteger ConvertUnbounded(long fromMinor, int fromPrecision, int toPrecision, ExactRate rate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fromMinor);
        var numerator = fromMinor * rate.Numerator;
        var denominator = rate.Denominator;
        var shift = toPrecision - fromPrecision;
        if (shift >= 0)
        {
            numerator *= BigInteger.Pow(10, shift);
        }
        else
        {
            denominator *= BigInteger.Pow(10, -shift);
        }
        // Both are non-negative, so truncating division is the floor.
        return BigInteger.Divide(numerator, denominator);
    }
}
