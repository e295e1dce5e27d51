using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FinAegis.Grains.Identity;

public static class IdentityServiceCollectionExtensions
{
    /// <summary>
    /// What the identity grains need in a silo: options, the store, the hasher and the admin bootstrapper. The grains
    /// themselves are found by Orleans from this assembly.
    /// </summary>
    public static IServiceCollection AddFinAegisIdentity(this IServiceCollection services, Action<IdentityOptions> configure)
    {
        services.AddOptions<IdentityOptions>()
            .Configure(configure)
            .Validate(o => !string.IsNullOrWhiteSpace(o.ConnectionString), "IdentityOptions.ConnectionString is required.")
            .Validate(o => o.BcryptWorkFactor is >= 4 and <= 31, "IdentityOptions.BcryptWorkFactor must be 4..31.")
            .Validate(o => o.TokenLifetime > TimeSpan.Zero, "IdentityOptions.TokenLifetime must be positive.")
            .Validate(o => o.MaxFailedLogins > 0 && o.LoginThrottleWindow > TimeSpan.Zero, "Login throttle settings must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton<IdentityStore>();
        services.TryAddSingleton<PasswordHasher>();
        services.TryAddSingleton<AdminBootstrapper>();
        return services;
    }
}
