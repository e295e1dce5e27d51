using FinAegis.Grains.Abstractions.Identity;
using Microsoft.AspNetCore.Authorization;

namespace FinAegis.Api.Identity;

/// <summary>A route's need for one token ability (see <see cref="ClaimsPrincipalExtensions.HasAbility"/>).</summary>
public sealed record AbilityRequirement(string Ability) : IAuthorizationRequirement;

public sealed class AbilityAuthorizationHandler : AuthorizationHandler<AbilityRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, AbilityRequirement requirement)
    {
        if (context.User.HasAbility(requirement.Ability))
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}

public static class AbilityEndpointExtensions
{
    /// <summary>
    /// Requires a valid token with <paramref name="ability"/>: no token → 401 UNAUTHENTICATED, a token without it →
    /// 403 FORBIDDEN. `*` satisfies every ability but `admin`, which admin routes name explicitly.
    /// </summary>
    public static TBuilder RequireAbility<TBuilder>(this TBuilder builder, string ability) where TBuilder : IEndpointConventionBuilder
    {
        if (!Abilities.IsKnown(ability) || ability == Abilities.All)
        {
            throw new ArgumentException($"'{ability}' is not an ability a route can require.", nameof(ability));
        }
        return builder.RequireAuthorization(new AuthorizationPolicyBuilder(TokenClaims.Scheme)
            .RequireAuthenticatedUser()
            .AddRequirements(new AbilityRequirement(ability))
            .Build());
    }
}
