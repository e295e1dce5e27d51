using FinAegis.Grains.Abstractions.Common;

namespace FinAegis.Grains.Abstractions.Assets;

/// <summary>A new asset (SPEC §7): code ^[A-Z0-9]{2,10}$, type fiat|crypto|commodity|custom, precision 0..18.</summary>
[GenerateSerializer, Immutable, Alias("CreateAsset")]
public sealed record CreateAsset(
    [property: Id(0)] Caller Caller,
    [property: Id(1)] string Code,
    [property: Id(2)] string Name,
    [property: Id(3)] string Type,
    [property: Id(4)] int Precision,
    [property: Id(5)] string? MetadataJson);

[GenerateSerializer, Immutable, Alias("AssetResult")]
public sealed record AssetResult([property: Id(0)] AssetInfo? Asset, [property: Id(1)] DomainError? Error)
{
    public static AssetResult Ok(AssetInfo asset) => new(asset, null);
    public static AssetResult Fail(DomainError error) => new(null, error);
}
