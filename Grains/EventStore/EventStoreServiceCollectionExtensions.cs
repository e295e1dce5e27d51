using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FinAegis.Grains.EventStore;

public static class EventStoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers the MySQL event store (one per silo) and its group-commit writer. The writer starts with the store
    /// and is drained when the container disposes it, which is after the silo has stopped and its grains have
    /// written their last events. Also register the log-consistency provider the grains name:
    /// <c>siloBuilder.AddCustomStorageBasedLogConsistencyProvider("EventStore")</c>.
    /// </summary>
    public static IServiceCollection AddFinAegisEventStore(this IServiceCollection services, Action<EventStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<EventStoreOptions>()
            .Configure(configure)
            .Validate(o => !string.IsNullOrWhiteSpace(o.ConnectionString), "EventStoreOptions.ConnectionString is required.")
            .Validate(o => o.SnapshotEvery > 0, "EventStoreOptions.SnapshotEvery must be positive.")
            .Validate(o => o.MaxBatchRows > 0, "EventStoreOptions.MaxBatchRows must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton<EventStoreMetrics>();
        services.TryAddSingleton<MySqlEventStore>();
        services.TryAddSingleton<IEventStore>(sp => sp.GetRequiredService<MySqlEventStore>());
        services.TryAddSingleton<HashChainVerifier>();
        return services;
    }
}
