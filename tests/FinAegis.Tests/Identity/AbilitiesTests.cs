using FinAegis.Grains.Abstractions.Identity;

namespace FinAegis.Tests.Identity;

public sealed class AbilitiesTests
{
    [Theory]
    [InlineData(new[] { "*" }, "accounts:write", false, true)]
    [InlineData(new[] { "*" }, "governance:vote", false, true)]
    [InlineData(new[] { "*" }, "admin", true, false)] // * never means admin
    [InlineData(new[] { "*", "admin" }, "admin", true, true)]
    [InlineData(new[] { "*", "admin" }, "admin", false, false)] // a demoted user's token loses admin
    [InlineData(new[] { "accounts:read" }, "accounts:read", false, true)]
    [InlineData(new[] { "accounts:read" }, "accounts:write", false, false)]
    [InlineData(new string[0], "accounts:read", false, false)]
    public void Allows(string[] granted, string required, bool userIsAdmin, bool expected) =>
        Assert.Equal(expected, Abilities.Allows(granted, required, userIsAdmin));

    [Theory]
    [InlineData(new[] { "accounts:read" }, new[] { "*" }, false, true)]
    [InlineData(new[] { "*" }, new[] { "*" }, false, true)]
    [InlineData(new[] { "*" }, new[] { "accounts:read", "accounts:write", "transfers:write", "governance:vote" }, false, false)]
    [InlineData(new[] { "admin" }, new[] { "*" }, true, false)]
    [InlineData(new[] { "*", "admin" }, new[] { "*", "admin" }, true, true)]
    [InlineData(new[] { "accounts:write" }, new[] { "accounts:read" }, false, false)]
    public void AreWithin(string[] requested, string[] granted, bool userIsAdmin, bool expected) =>
        Assert.Equal(expected, Abilities.AreWithin(requested, granted, userIsAdmin));

    [Fact]
    public void Login_tokens_carry_admin_only_for_administrators()
    {
        Assert.Equal(["*"], Abilities.ForLogin(false));
        Assert.Equal(["*", "admin"], Abilities.ForLogin(true));
    }
}
