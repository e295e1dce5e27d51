namespace FinAegis.Grains.Abstractions.Assets;

/// <summary>Reads the asset catalogue; a stateless worker served from each silo's in-memory catalogue.</summary>
[Alias("IAssetCatalogGrain")]
public interface IAssetCatalogGrain : IGrainWithIntegerKey
{
    [Alias("GetAll")]
    Task<IReadOnlyList<AssetInfo>> GetAll();
}
