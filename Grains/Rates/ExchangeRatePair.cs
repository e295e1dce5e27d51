using System.Text.RegularExpressions;

namespace FinAegis.Grains.Rates;

/// <summary>The "FROM/TO" key of a pair grain.</summary>
public static partial class ExchangeRatePair
{
    public static string Key(string from, string to) => $"{from}/{to}";

    public static bool TryParse(string key, out string from, out string to)
    {
        from = to = "";
        var match = PairPattern().Match(key);
        if (!match.Success || match.Groups[1].Value == match.Groups[2].Value)
        {
            return false;
        }
        from = match.Groups[1].Value;
        to = match.Groups[2].Value;
        return true;
    }

    [GeneratedRegex("^([A-Z0-9]{2,10})/([A-Z0-9]{2,10})$")]
    private static partial Regex PairPattern();
}
