using Microsoft.Extensions.DependencyInjection;

namespace FinAegis.Grains.Assets;

public static class AssetCatalogServiceCollectionExtensions
{
    public static IServiceCollection AddAssetCatalog(this IServiceCollection services)
    {
        services.AddSingleton<AssetCatalog>();
        services.AddHostedService(provider => provider.GetRequiredService<AssetCatalog>());
        return services;
    }
}
