using System.Numerics;
using FinAegis.Grains.Abstractions.Money;

namespace FinAegis.Tests.Rates;

/// <summary>SPEC §2's conversion rule, exact, across precisions 0, 2, 4, 8 (and 18), tiny and huge amounts.</summary>
public sealed class CurrencyConversionTests
{
    private static ExactRate R(string text)
    {
        Assert.Equal(RateText.ParseError.None, RateText.TryParse(text, out var rate));
        return ExactRate.Of(rate);
    }

    [Theory]
    // from precision, to precision, amount, rate, expected (-1 = too small, -2 = too large)
    [InlineData(2, 2, 10_000, "0.85", 8_500)]                   // 100.00 USD → 85.00 EUR
    [InlineData(2, 2, 12_345, "0.85", 10_493)]                  // 104.9325 → floor
    [InlineData(2, 2, 1, "0.85", -1)]                           // 0.0085 EUR: below one cent
    [InlineData(2, 2, 2, "0.5", 1)]
    [InlineData(2, 2, 1, "0.99999999", -1)]                     // always down, never up
    [InlineData(2, 8, 10_000, "0.00002", 200_000)]              // 100 USD → 0.002 BTC
    [InlineData(8, 2, 1, "50000", -1)]                          // 1 sat = 0.05 cents
    [InlineData(8, 2, 100, "50000", 5)]
    [InlineData(8, 2, 123_456_789, "50000", 6_172_839)]         // 61728.3945 USD
    [InlineData(4, 2, 1, "2000.5", 20)]                         // 0.0001 oz gold = 20.005 cents
    [InlineData(4, 8, 12_345, "0.03333333", 4_114_999)]          // 1.2345 · 0.03333333 = 0.04114999...
    [InlineData(2, 0, 1, "150.25", 1)]                          // 0.01 USD = 1.5025 JPY
    [InlineData(2, 0, 100, "150.25", 150)]
    [InlineData(0, 2, 1, "0.00665557", -1)]
    [InlineData(0, 2, 1_000, "0.00665557", 665)]
    [InlineData(0, 0, 7, "1", 7)]
    [InlineData(8, 8, 100_000_000, "15.5", 1_550_000_000)]
    [InlineData(8, 4, 99_999, "1", 9)]                          // precision loss floors
    [InlineData(2, 8, 9_007_199_254_740_991, "0.00002", -2)]    // 2^53-1 cents into satoshis: too many
    [InlineData(8, 2, 9_007_199_254_740_991, "50000", 450_359_962_737_049)]
    [InlineData(0, 18, 9_007_199_254_740_991, "999999999999.99999999", -2)]
    [InlineData(18, 0, 9_007_199_254_740_991, "0.00000001", -1)]
    [InlineData(2, 2, 9_007_199_254_740_991, "1", 9_007_199_254_740_991)]
    [InlineData(2, 2, 9_007_199_254_740_991, "1.00000001", -2)]
    public void Converts_exactly_and_rounds_down(int fromPrecision, int toPrecision, long amount, string rate, long expected)
    {
        var error = CurrencyConversion.TryConvert(amount, fromPrecision, toPrecision, R(rate), out var converted);
        var outcome = error switch
        {
            CurrencyConversion.Error.AmountTooSmall => -1,
            CurrencyConversion.Error.TooLarge => -2,
            _ => converted,
        };
        Assert.Equal(expected, outcome);
    }

    [Fact]
    public void The_one_satoshi_case_is_too_small()
    {
        // 0.01 USD at 1e-8 BTC/USD is 1e-10 BTC = 0.01 satoshi.
        Assert.Equal(CurrencyConversion.Error.AmountTooSmall, CurrencyConversion.TryConvert(1, 2, 8, R("0.00000001"), out _));
    }

    [Fact]
    public void An_inverse_rate_divides_by_the_stored_rate()
    {
        // SPEC §2: 12.00 USD at EUR/USD 1.2 is exactly 10.00 EUR, not 9.99 through a rounded 0.8333.
        var usdToEur = R("1.2").Inverse();
        Assert.Equal(CurrencyConversion.Error.None, CurrencyConversion.TryConvert(1_200, 2, 2, usdToEur, out var eur));
        Assert.Equal(1_000, eur);
        Assert.Equal(CurrencyConversion.Error.None, CurrencyConversion.TryConvert(100, 2, 2, usdToEur, out var small));
        Assert.Equal(83, small);
        Assert.Equal(CurrencyConversion.Error.AmountTooSmall, CurrencyConversion.TryConvert(1, 2, 2, usdToEur, out _));
        Assert.Equal("0.833333333333", usdToEur.ToDecimalString());
    }

    [Fact]
    public void Triangulation_composes_exactly()
    {
        // GBP→USD 1.25 direct, USD→EUR as the inverse of EUR/USD 1.1: 11.00 GBP is exactly 12.50 EUR.
        var gbpToEur = R("1.25").Times(R("1.1").Inverse());
        Assert.Equal(CurrencyConversion.Error.None, CurrencyConversion.TryConvert(1_100, 2, 2, gbpToEur, out var eur));
        Assert.Equal(1_250, eur);
        Assert.Equal(new BigInteger(25), gbpToEur.Numerator);
        Assert.Equal(new BigInteger(22), gbpToEur.Denominator);
    }

    [Fact]
    public void System_decimal_would_overflow_where_the_rule_does_not()
    {
        // Why the rule runs on BigInteger: 2^53 · a decimal(20,8) rate · 10^18 needs 46 digits, decimal has 28.
        decimal amount = MinorUnits.Max, rate = RateText.Max, scale = 1_000_000_000_000_000_000m;
        Assert.Throws<OverflowException>(() => amount * rate * scale);
        var unbounded = CurrencyConversion.ConvertUnbounded(MinorUnits.Max, 0, 18, ExactRate.Of(RateText.Max));
        Assert.Equal(BigInteger.Parse("9007199254740990999909928007452590090000000000"), unbounded);
    }

    [Theory]
    [InlineData("1.2", "1.20000000")]
    [InlineData("0.00000001", "0.00000001")]
    [InlineData("999999999999.99999999", "999999999999.99999999")]
    [InlineData("1.500000000", "1.50000000")]   // trailing zeros beyond 8 decimals are not precision
    [InlineData(" 42 ", "42.00000000")]
    public void Parses_rates_exactly(string text, string stored)
    {
        Assert.Equal(RateText.ParseError.None, RateText.TryParse(text, out var rate));
        Assert.Equal(stored, RateText.Format(rate));
    }

    [Theory]
    [InlineData("0", RateText.ParseError.NotPositive)]
    [InlineData("0.00000000", RateText.ParseError.NotPositive)]
    [InlineData("-1.5", RateText.ParseError.NotPositive)]
    [InlineData("0.000000001", RateText.ParseError.TooPrecise)]
    [InlineData("1.123456789", RateText.ParseError.TooPrecise)]
    [InlineData("1000000000000", RateText.ParseError.TooLarge)]
    [InlineData("abc", RateText.ParseError.NotANumber)]
    [InlineData("1e5", RateText.ParseError.NotANumber)]
    [InlineData("1.", RateText.ParseError.NotANumber)]
    [InlineData("", RateText.ParseError.NotANumber)]
    [InlineData("NaN", RateText.ParseError.NotANumber)]
    [InlineData("1,5", RateText.ParseError.NotANumber)]
    public void Refuses_bad_rates(string text, RateText.ParseError expected)
    {
        Assert.Equal(expected, RateText.TryParse(text, out _));
    }
}
