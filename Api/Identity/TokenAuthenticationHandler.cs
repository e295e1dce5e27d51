using System.Text.Encodings.Web;
using FinAegis.Api.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace FinAegis.Api.Identity;

/// <summary>
/// The "Bearer" scheme: `Authorization: Bearer {id}|{secret}` resolved through the <see cref="TokenCache"/>.
/// Challenges and refusals are written as the SPEC §3 problems (401 UNAUTHENTICATED, 403 FORBIDDEN).
/// </summary>
public sealed class TokenAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger,
    UrlEncoder encoder, TokenCache cache) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization;
        if (header.Count == 0)
        {
            return AuthenticateResult.NoResult();
        }
        if (!BearerToken.TryRead(header, out var tokenId, out var secretHash))
        {
            return AuthenticateResult.Fail("The Authorization header does not hold a bearer token of the form {id}|{secret}.");
        }
        var principal = await cache.GetAsync(tokenId, secretHash);
        return principal is null
            ? AuthenticateResult.Fail("The token is unknown, expired or revoked.")
            : AuthenticateResult.Success(new AuthenticationTicket(TokenClaims.ToClaimsPrincipal(principal), Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
        await Problems.Unauthenticated().ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        await Problems.Forbidden("This token does not carry the ability this route needs.").ExecuteAsync(Context);
}
