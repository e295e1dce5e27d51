namespace FinAegis.Grains.Abstractions.Rates;

/// <summary>How an effective rate was obtained (SPEC §7), in order of preference.</summary>
public static class RateDerivations
{
    public const string Direct = "direct";
    public const string Inverse = "inverse";
    public const string Triangulated = "triangulated";

    /// <summary>The asset triangulation goes through.</summary>
    public const string Pivot = "USD";
}
