using System.Collections.Frozen;
using FinAegis.Grains.Abstractions.Assets;
using FinAegis.Grains.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MySqlConnector;

namespace FinAegis.Grains.Assets;

/// <summary>
/// The `assets` table held in memory on each silo, so validating an asset costs no database read. It reloads every
/// few seconds (assets change rarely: an admin call or a governance poll) and on <see cref="RefreshAsync"/>.
/// </summary>
public sealed class AssetCatalog(DatabaseSettings database, ILogger<AssetCatalog> logger) : BackgroundService
{
    private static readonly TimeSpan _refreshInterval = TimeSpan.FromSeconds(5);
    private volatile FrozenDictionary<string, AssetInfo> _assets = FrozenDictionary<string, AssetInfo>.Empty;
    private int _hasLoaded;

    public IReadOnlyCollection<AssetInfo> All => _assets.Values;

    public bool TryGet(string code, out AssetInfo asset) => _assets.TryGetValue(code, out asset!);

    /// <summary>Waits (bounded) for the first load, so the first request after start-up sees the catalogue.</summary>
    public async Task<IReadOnlyCollection<AssetInfo>> GetAllAsync(CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _hasLoaded) == 0)
        {
            await RefreshAsync(cancellationToken);
        }
        return _assets.Values;
    }

    public async Task<AssetInfo?> FindAsync(string code, CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _hasLoaded) == 0 || !_assets.ContainsKey(code))
        {
            // An asset created a moment ago on another silo: look again before refusing it.
            await RefreshAsync(cancellationToken);
        }
        return _assets.GetValueOrDefault(code);
    }

    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        var assets = new Dictionary<string, AssetInfo>(StringComparer.Ordinal);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT code, name, type, `precision`, is_active, metadata FROM assets";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var asset = new AssetInfo(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetBoolean(4),
                reader.IsDBNull(5) ? null : reader.GetString(5));
            assets[asset.Code] = asset;
        }
        _assets = assets.ToFrozenDictionary(StringComparer.Ordinal);
        Volatile.Write(ref _hasLoaded, 1);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "Reloading the asset catalogue failed; keeping the previous one");
            }
            try
            {
                await Task.Delay(_refreshInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}
