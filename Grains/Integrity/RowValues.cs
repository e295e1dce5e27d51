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
        return string.Equals(Text(expected), Text(actual), StringComparison.Ordinal)
            || expected is string e2 && actual is string a2 && SameJson(e2, a2);
    }

    /// <summary>
    /// MySQL 8 stores a `json` column in its own normal form (sorted keys, its own spacing and number text) where
    /// MariaDB keeps the text as written: two JSON texts are the same value when they parse to equal documents.
    /// </summary>
    private static bool SameJson(string expected, string actual)
    {
        if (!LooksLikeJson(expected) || !LooksLikeJson(actual))
        {
            return false;
        }
        try
        {
            using var e = System.Text.Json.JsonDocument.Parse(expected);
            using var a = System.Text.Json.JsonDocument.Parse(actual);
            return System.Text.Json.JsonElement.DeepEquals(e.RootElement, a.RootElement);
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    private static bool LooksLikeJson(string text)
    {
        var trimmed = text.AsSpan().TrimStart();
        return trimmed.Length > 0 && trimmed[0] is '{' or '[';
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
