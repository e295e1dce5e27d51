using System.Globalization;
using System.Security.Claims;
using FinAegis.Grains.Abstractions.Identity;

namespace FinAegis.Api.Identity;

/// <summary>The claims a token's principal carries; built once per cache hit, read by the extensions below.</summary>
public static class TokenClaims
{
    public const string Scheme = "Bearer";
    public const string UserUuid = "sub";
    public const string TokenId = "token_id";
    public const string Name = "name";
    public const string Email = "email";
    public const string IsAdmin = "is_admin";
    public const string Ability = "ability";

    public static ClaimsPrincipal ToClaimsPrincipal(TokenPrincipal principal)
    {
        var claims = new List<Claim>(6 + principal.Abilities.Count)
        {
            new(UserUuid, principal.UserUuid.ToString()),
            new(TokenId, principal.TokenId.ToString(CultureInfo.InvariantCulture)),
            new(Name, principal.Name),
            new(Email, principal.Email),
            new(IsAdmin, principal.IsAdmin ? "true" : "false"),
        };
        claims.AddRange(principal.Abilities.Select(a => new Claim(Ability, a)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme, Name, roleType: null));
    }
}
