using FinAegis.Grains.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FinAegis.Grains.Webhooks;

public static class WebhookServiceCollectionExtensions
{
    /// <summary>
    /// The secret box (FINAEGIS_ENCRYPTION_KEY), the subscription cache and outbox grains write through, and the
    /// dispatcher. Needs <see cref="Storage.DatabaseSettings"/>.
    /// </summary>
    public static IServiceCollection AddFinAegisWebhooks(this IServiceCollection services, string? encryptionKey, Action<WebhookOptions> configure)
    {
        var options = new WebhookOptions();
        configure(options);
        services.Configure(configure);
        services.AddSingleton(new SecretBox(encryptionKey));
        services.AddSingleton<WebhookSubscriptions>();
        services.AddHostedService(provider => provider.GetRequiredService<WebhookSubscriptions>());
        services.AddSingleton<WebhookOutbox>();
        services.AddSingleton<WebhookAddressPolicy>();
        services.AddSingleton<WebhookDeliveryStore>();
        services.AddSingleton(provider => new WebhookSender(provider.GetRequiredService<WebhookAddressPolicy>(), options.MaxResponseBodyChars));
        if (options.DispatcherEnabled)
        {
            services.AddHostedService(provider => new WebhookDispatcher(provider.GetRequiredService<WebhookDeliveryStore>(),
                provider.GetRequiredService<WebhookSender>(), provider.GetRequiredService<SecretBox>(),
                provider.GetRequiredService<IOptions<WebhookOptions>>(), provider.GetRequiredService<ILogger<WebhookDispatcher>>()));
        }
        return services;
    }
}
