using FinAegis.Grains.Abstractions.Assets;
using FinAegis.Grains.Abstractions.Common;

namespace FinAegis.Api.Assets;

/// <summary>
/// The asset catalogue as the API needs it to parse amounts (their precision), cached for a few seconds so the hot
/// path makes no extra call; an unknown code triggers one refresh before it is refused.
/// </summary>
public sealed class AssetDirectory(IClusterClient client)
{
    private static readonly TimeSpan _maxAge = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan _missRetry = TimeSpan.FromMilliseconds(200);
    private volatile bool _forceFresh;
    private volatile Snapshot? _snapshot;

    public async Task<AssetInfo?> FindAsync(string code)
    {
        var snapshot = _snapshot;
        if (snapshot is null || DateTime.UtcNow - snapshot.LoadedAt > _maxAge)
        {
            snapshot = await LoadAsync();
        }
        if (!snapshot.Assets.ContainsKey(code) && DateTime.UtcNow - snapshot.LoadedAt > _missRetry)
        {
            // Maybe created a moment ago through another silo: ask for a fresh read, at most every _missRetry.
            snapshot = await LoadAsync(fresh: true);
        }
        return snapshot.Assets.GetValueOrDefault(code);
    }

    public async Task<IReadOnlyCollection<AssetInfo>> AllAsync()
    {
        var snapshot = _snapshot;
        if (snapshot is null || DateTime.UtcNow - snapshot.LoadedAt > _maxAge)
        {
            snapshot = await LoadAsync();
        }
        return snapshot.Assets.Values;
    }

    /// <summary>Forgets the cached catalogue after a write through this API instance, so it reads its own writes.</summary>
    public void Invalidate()
    {
        _forceFresh = true;
        _snapshot = null;
    }

    private async Task<Snapshot> LoadAsync(bool fresh = false)
    {
        fresh |= _forceFresh;
        _forceFresh = false;
        var catalog = client.Grain<IAssetCatalogGrain>(0);
        var assets = fresh ? await catalog.GetFresh() : await catalog.GetAll();
        var snapshot = new Snapshot(assets.ToDictionary(asset => asset.Code, StringComparer.Ordinal), DateTime.UtcNow);
        _snapshot = snapshot;
        return snapshot;
    }

    private sealed record Snapshot(Dictionary<string, AssetInfo> Assets, DateTime LoadedAt);
}
