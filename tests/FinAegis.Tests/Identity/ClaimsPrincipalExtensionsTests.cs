using FinAegis.Api.Identity;
using FinAegis.Grains.Abstractions.Identity;

namespace FinAegis.Tests.Identity;

public sealed class ClaimsPrincipalExtensionsTests
{
    private static readonly Guid _user = Guid.NewGuid();

    private static System.Security.Claims.ClaimsPrincipal Principal(bool isAdmin, params string[] abilities) =>
        TokenClaims.ToClaimsPrincipal(new TokenPrincipal(9, _user, "Ada", "ada@example.com", isAdmin, abilities, null));

    [Fact]
    public void An_administrators_login_token_makes_an_admin_caller()
    {
        var user = Principal(true, "*", "admin");

        Assert.Equal(new FinAegis.Grains.Abstractions.Common.Caller(_user, true), user.ToCaller());
        Assert.True(user.HasAbility("admin"));
        Assert.Equal(9, user.GetTokenId());
    }

    [Fact]
    public void Star_is_everything_but_admin()
    {
        var user = Principal(false, "*");

        Assert.True(user.HasAbility("transfers:write"));
        Assert.False(user.HasAbility("admin"));
        Assert.False(user.ToCaller().IsAdmin);
    }

    [Fact]
    public void An_administrators_narrow_token_is_not_an_admin_caller()
    {
        var user = Principal(true, "accounts:read");

        Assert.False(user.ToCaller().IsAdmin);
        Assert.True(user.HasAbility("accounts:read"));
        Assert.False(user.HasAbility("accounts:write"));
    }

    [Fact]
    public void The_admin_ability_of_a_demoted_user_counts_for_nothing() =>
        Assert.False(Principal(false, "*", "admin").ToCaller().IsAdmin);

    [Fact]
    public void Requiring_an_unknown_ability_fails_at_start_up_not_at_request_time() =>
        Assert.Throws<ArgumentException>(() => new FakeConventionBuilder().RequireAbility("acounts:read"));

    private sealed class FakeConventionBuilder : Microsoft.AspNetCore.Builder.IEndpointConventionBuilder
    {
        public void Add(Action<Microsoft.AspNetCore.Builder.EndpointBuilder> convention)
        {
        }
    }
}
