using System.Globalization;
using System.Security.Claims;
using FinAegis.Grains.Abstractions.Common;
using FinAegis.Grains.Abstractions.Identity;

namespace FinAegis.Api.Identity;

/// <summary>What endpoints ask of the authenticated token.</summary>
public static class ClaimsPrincipalExtensions
{
    public static Guid GetUserUuid(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirst(TokenClaims.UserUuid)?.Value, out var uuid)
            ? uuid
            : throw new InvalidOperationException("The request is not authenticated with a FinAegis token.");

    public static long GetTokenId(this ClaimsPrincipal user) =>
        long.TryParse(user.FindFirst(TokenClaims.TokenId)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new InvalidOperationException("The request is not authenticated with a FinAegis token.");

    public static IReadOnlyList<string> GetAbilities(this ClaimsPrincipal user) =>
        user.FindAll(TokenClaims.Ability).Select(c => c.Value).ToArray();

    /// <summary>Whether the user is an administrator (the users flag, whatever the token's abilities).</summary>
    public static bool IsAdminUser(this ClaimsPrincipal user) => user.HasClaim(TokenClaims.IsAdmin, "true");

    /// <summary>`*` grants every ability but `admin`; `admin` needs the ability by name and an administrator.</summary>
    public static bool HasAbility(this ClaimsPrincipal user, string ability) =>
        Abilities.Allows(user.FindAll(TokenClaims.Ability).Select(c => c.Value), ability, user.IsAdminUser());

    /// <summary>
    /// The caller grains check ownership against. Admin powers need both the admin ability on the token and an
    /// administrator behind it, so an admin's narrow token (say, accounts:read for a script) stays narrow.
    /// </summary>
    public static Caller ToCaller(this ClaimsPrincipal user) => new(user.GetUserUuid(), user.HasAbility(Abilities.Admin));
}
