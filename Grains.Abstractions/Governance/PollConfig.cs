using System.Text.Json;

namespace FinAegis.Grains.Abstractions.Governance;

/// <summary>The parts of `voting_power_config` the rules read: asset_code (default USD) and max_selections.</summary>
public static class PollConfig
{
    public const string DefaultAssetCode = "USD";

    public static (string AssetCode, int? MaxSelections) Read(string? json)
    {
        if (json is null)
        {
            return (DefaultAssetCode, null);
        }
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (DefaultAssetCode, null);
            }
            var asset = root.TryGetProperty("asset_code", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString()! : DefaultAssetCode;
            int? max = root.TryGetProperty("max_selections", out var m) && m.TryGetInt32(out var value) ? value : null;
            return (asset, max);
        }
        catch (JsonException)
        {
            return (DefaultAssetCode, null);
        }
    }
}
