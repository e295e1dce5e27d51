using Microsoft.Extensions.DependencyInjection;

namespace FinAegis.Grains.Governance;

public static class GovernanceServiceCollectionExtensions
{
    /// <summary>What poll grains need: the governance SQL and the vote signer (FINAEGIS_VOTE_SIGNING_KEY, see <see cref="VoteSigner"/>).</summary>
    public static IServiceCollection AddFinAegisGovernance(this IServiceCollection services)
    {
        services.AddSingleton<GovernanceStore>();
        services.AddSingleton<VoteSigner>();
        return services;
    }
}
