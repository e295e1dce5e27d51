using System.Globalization;

namespace FinAegis.Grains.Integrity;

/// <summary>Comparing and printing read-model values written by the application with values read back.</summary>
internal static class RowValues
{
    /// <summary>
    /// Timestamps are compared to the second: `timestamp` columns without fractions truncate (MariaDB) or round
    /// (MySQL) the microseconds the application writes.
    /// </summary>
    private static readonly TimeSpan TimestampTolerance = TimeSpan.FromSeconds(1);

    public static string Key(ReadModelTable table, IReadOnlyList<object?> values)
        => string.Join('\u001f', table.KeyIndexes.Select(i => Text(values[i])));

    public static bool Same(object? expected, object? actual)
    {
        expected = Unwrap(expected);
        actual = Unwrap(actual);
        if (expected is null || actual is null)
        {
            return expected is null && actual is null;
        }
        if (expected is DateTime e && actual is DateTime a)
        {
            return (e - a).Duration() < TimestampTolerance;
        }
        if (IsNumber(expected) && IsNumber(actual))
        {
            return Convert.ToDecimal(expected, CultureInfo.InvariantCulture) == Convert.ToDecimal(actual, CultureInfo.InvariantCulture);
        }
        return string.Equals(Text(expected), Text(actual), StringComparison.Ordinal);
    }

    public static string Text(object? value) => Unwrap(value) switch
    {
        null => "NULL",
        DateTime time => time.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
        Guid guid => guid.ToString("D"),
        bool flag => flag ? "1" : "0",
        decimal number => number.ToString("0.############################", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        var other => other.ToString() ?? "",
    };

    private static object? Unwrap(object? value) => value switch
    {
        DBNull => null,
        DateTimeOffset offset => offset.UtcDateTime,
        _ => value,
    };

    private static bool IsNumber(object value)
        => value is sbyte or byte or short or ushort or int or uint or long or ulong or decimal or bool;
}
