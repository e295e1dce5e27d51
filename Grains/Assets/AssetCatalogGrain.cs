using FinAegis.Grains.Abstractions.Assets;
using Orleans.Concurrency;

namespace FinAegis.Grains.Assets;

[StatelessWorker]
public sealed class AssetCatalogGrain(AssetCatalog catalog) : Grain, IAssetCatalogGrain
{
    public async Task<IReadOnlyList<AssetInfo>> GetAll() =>
        (await catalog.GetAllAsync()).OrderBy(asset => asset.Code, StringComparer.Ordinal).ToList();

    public async Task<IReadOnlyList<AssetInfo>> GetFresh()
    {
        await catalog.RefreshAsync();
        return catalog.All.OrderBy(asset => asset.Code, StringComparer.Ordinal).ToList();
    }
}
