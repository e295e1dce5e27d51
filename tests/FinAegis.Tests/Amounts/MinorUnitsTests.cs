using FinAegis.Grains.Abstractions.Money;

namespace FinAegis.Tests.Amounts;

/// <summary>The exact major-unit text of SPEC §2: a plain decimal as a JSON number writes it, never rounded.</summary>
public sealed class MinorUnitsTests
{
    [Theory]
    [InlineData("12.34", 2, 1234L)]
    [InlineData("12", 2, 1200L)]
    [InlineData("12.30", 2, 1230L)]
    [InlineData("0.5", 2, 50L)]
    [InlineData("007.10", 2, 710L)]
    [InlineData("1.500000000000", 2, 150L)]          // trailing zeros are not precision
    [InlineData("0.00000001", 8, 1L)]
    [InlineData("90071992547409.91", 2, MinorUnits.Max)]
    public void A_plain_decimal_converts_exactly(string text, int precision, long expected)
    {
        Assert.Equal(MinorUnits.ParseError.None, MinorUnits.TryParse(text, precision, out var minor));
        Assert.Equal(expected, minor);
    }

    [Theory]
    [InlineData(null, MinorUnits.ParseError.NotANumber)]
    [InlineData("", MinorUnits.ParseError.NotANumber)]
    [InlineData(" ", MinorUnits.ParseError.NotANumber)]
    [InlineData(" 1", MinorUnits.ParseError.NotANumber)]
    [InlineData("1 ", MinorUnits.ParseError.NotANumber)]
    [InlineData("1\n", MinorUnits.ParseError.NotANumber)]
    [InlineData("+1", MinorUnits.ParseError.NotANumber)]
    [InlineData(".5", MinorUnits.ParseError.NotANumber)]
    [InlineData("-.5", MinorUnits.ParseError.NotANumber)]
    [InlineData("1.", MinorUnits.ParseError.NotANumber)]
    [InlineData("-", MinorUnits.ParseError.NotANumber)]
    [InlineData("--1", MinorUnits.ParseError.NotANumber)]
    [InlineData("1e2", MinorUnits.ParseError.NotANumber)]
    [InlineData("1,5", MinorUnits.ParseError.NotANumber)]
    [InlineData("١٢", MinorUnits.ParseError.NotANumber)]
    [InlineData("0", MinorUnits.ParseError.NotPositive)]
    [InlineData("-0.00", MinorUnits.ParseError.NotPositive)]
    [InlineData("-1", MinorUnits.ParseError.NotPositive)]
    [InlineData("1.001", MinorUnits.ParseError.TooPrecise)]
    [InlineData("90071992547409.92", MinorUnits.ParseError.TooLarge)]
    [InlineData("99999999999999999999999999999999999999", MinorUnits.ParseError.TooLarge)]
    public void Anything_else_is_refused_with_its_reason(string? text, MinorUnits.ParseError expected)
    {
        Assert.Equal(expected, MinorUnits.TryParse(text, 2, out var minor));
        Assert.Equal(0L, minor);
    }
}
