using System.Text.RegularExpressions;

namespace FinAegis.Grains.Abstractions.Assets;

/// <summary>The asset input rules of SPEC §7, shared by the API (field errors) and the admin grain (last word).</summary>
public static partial class AssetRules
{
    public const int MaxPrecision = 18;

    public static readonly IReadOnlySet<string> Types = new HashSet<string>(StringComparer.Ordinal) { "fiat", "crypto", "commodity", "custom" };

    public static bool IsValidCode(string? code) => code is not null && CodePattern().IsMatch(code);

    [GeneratedRegex("^[A-Z0-9]{2,10}$")]
    private static partial Regex CodePattern();
}
