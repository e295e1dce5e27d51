using System.Globalization;
using System.Numerics;

namespace FinAegis.Grains.Abstractions.Money;

/// <summary>
/// An exchange rate as an exact fraction. A stored rate r (at most 8 decimals) is r·10^8 / 10^8; its inverse swaps
/// the two; a triangulated rate multiplies fractions. Nothing is rounded until a conversion floors its result, so
/// 12.00 USD at EUR/USD 1.2 is exactly 10.00 EUR (SPEC §2). Never crosses the wire: quotes carry the stored rates
/// and every side rebuilds the fraction from them.
/// </summary>
public readonly record struct ExactRate
{
    public ExactRate(BigInteger numerator, BigInteger denominator)
    {
        if (numerator.Sign <= 0 || denominator.Sign <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(numerator), "A rate is a positive fraction.");
        }
        var gcd = BigInteger.GreatestCommonDivisor(numerator, denominator);
        Numerator = numerator / gcd;
        Denominator = denominator / gcd;
    }

    public BigInteger Numerator { get; }

    public BigInteger Denominator { get; }

    /// <summary>A stored rate (positive, at most 8 decimals).</summary>
    public static ExactRate Of(decimal rate)
    {
        var scaled = rate * RateText.Scale;
        if (rate <= 0 || scaled != decimal.Truncate(scaled))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), "A stored rate is positive with at most 8 decimals.");
        }
        return new ExactRate(new BigInteger(scaled), new BigInteger(RateText.Scale));
    }

    public ExactRate Inverse() => new(Denominator, Numerator);

    public ExactRate Times(ExactRate other) => new(Numerator * other.Numerator, Denominator * other.Denominator);

    /// <summary>The fraction as decimal text, truncated (not rounded) to <paramref name="decimals"/>, trailing zeros kept to 8.</summary>
    public string ToDecimalString(int decimals = 12)
    {
        var scale = BigInteger.Pow(10, decimals);
        var scaled = Numerator * scale / Denominator;
        var digits = scaled.ToString(CultureInfo.InvariantCulture).PadLeft(decimals + 1, '0');
        var text = digits[..^decimals] + "." + digits[^decimals..];
        // Keep at least 8 decimals (the stored form) and drop the zeros after them.
        var minLength = text.Length - decimals + RateText.Decimals;
        var trimmed = text.TrimEnd('0');
        return trimmed.Length < minLength ? text[..minLength] : trimmed;
    }

    public override string ToString() => ToDecimalString();
}
