using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FinAegis.Grains.Idempotency;

public static class IdempotencyServiceCollectionExtensions
{
    /// <summary>The silo's purge of expired Idempotency-Keys; its options are validated when the host starts.</summary>
    public static IServiceCollection AddIdempotencyKeyPurge(this IServiceCollection services, Action<IdempotencyPurgeOptions>? configure = null)
    {
        services.AddOptions<IdempotencyPurgeOptions>()
            .Configure(options => configure?.Invoke(options))
            .Validate(o => o.Retention >= IdempotencyPurgeOptions.MinimumRetention,
                "The idempotency key retention must be at least 24 hours (SPEC §3: keys are kept at least 24 h).")
            .Validate(o => o.Interval > TimeSpan.Zero && o.Interval <= IdempotencyPurgeOptions.MaximumInterval,
                "The idempotency key purge interval must be positive and at most a day.")
            .Validate(o => o.BatchSize is > 0 and <= 100_000, "The idempotency key purge batch size must be between 1 and 100000.")
            .ValidateOnStart();
        services.TryAddSingleton<IdempotencyMetrics>();
        services.TryAddSingleton<IdempotencyKeyPurge>();
        services.AddHostedService(provider => provider.GetRequiredService<IdempotencyKeyPurge>());
        return services;
    }
}
