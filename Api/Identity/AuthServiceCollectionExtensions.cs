using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FinAegis.Api.Identity;

public static class AuthServiceCollectionExtensions
{
    /// <summary>
    /// The "Bearer" scheme as the default, token cache, revocation poller, the ability handler, and a default
    /// authorization policy of "a valid token" (so <c>.RequireAuthorization()</c> means exactly that). Needs an
    /// <see cref="IGrainFactory"/> (the Orleans client) in the container.
    /// </summary>
    public static IServiceCollection AddFinAegisAuth(this IServiceCollection services, Action<TokenAuthOptions>? configure = null)
    {
        services.AddOptions<TokenAuthOptions>()
            .Configure(o => configure?.Invoke(o))
            .Validate(o => o.PositiveTtl > TimeSpan.Zero && o.NegativeTtl >= TimeSpan.Zero && o.RevocationPollInterval > TimeSpan.Zero
                && o.MaxEntries > 0, "Token cache settings must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ITokenSource, GrainTokenSource>();
        services.TryAddSingleton<TokenCache>();
        services.TryAddSingleton<TokenRevocationPoller>();
        services.AddHostedService(sp => sp.GetRequiredService<TokenRevocationPoller>());
        services.AddAuthentication(TokenClaims.Scheme)
            .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(TokenClaims.Scheme, null);
        services.AddSingleton<IAuthorizationHandler, AbilityAuthorizationHandler>();
        services.AddAuthorizationBuilder()
            .SetDefaultPolicy(new AuthorizationPolicyBuilder(TokenClaims.Scheme).RequireAuthenticatedUser().Build());
        return services;
    }
}
