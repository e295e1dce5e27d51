namespace FinAegis.Grains.Abstractions.Rates;

/// <summary>Where a rate came from (SPEC §7).</summary>
public static class ExchangeRateSources
{
    public const string Manual = "manual";
    public const string Api = "api";
    public const string Oracle = "oracle";
    public const string Market = "market";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Manual, Api, Oracle, Market };
}
