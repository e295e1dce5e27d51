namespace FinAegis.Grains.Abstractions.Assets;

/// <summary>Reads the asset catalogue; a stateless worker served from each silo's in-memory catalogue.</summary>
[Alias("IAssetCatalogGrain")]
public interface IAssetCatalogGrain : IGrainWithIntegerKey
{
    [Alias("GetAll")]
    Task<IReadOnlyList<AssetInfo>> GetAll();

    /// <summary>Reloads this silo's catalogue from the database first (after a write, or for a code not seen yet).</summary>
    [Alias("GetFresh")]
    Task<IReadOnlyList<AssetInfo>> GetFresh();
}
