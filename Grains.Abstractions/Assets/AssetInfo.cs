namespace FinAegis.Grains.Abstractions.Assets;

/// <summary>An asset of the catalogue (the `assets` table).</summary>
[GenerateSerializer, Immutable, Alias("AssetInfo")]
public sealed record AssetInfo(
    [property: Id(0)] string Code,
    [property: Id(1)] string Name,
    [property: Id(2)] string Type,
    [property: Id(3)] int Precision,
    [property: Id(4)] bool IsActive,
    [property: Id(5)] string? MetadataJson = null);
