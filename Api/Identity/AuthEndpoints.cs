using System.Security.Claims;
using FinAegis.Api.Http;
using FinAegis.Grains.Abstractions.Common;
using FinAegis.Grains.Abstractions.Identity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FinAegis.Api.Identity;

/// <summary>SPEC §4: register, login, logout, the current user, and personal access tokens.</summary>
public static class AuthEndpoints
{
    private const string TokenType = "Bearer";

    public static IEndpointRouteBuilder MapAuth(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").WithTags("Auth");
        group.MapPost("/register", Register).AllowAnonymous();
        group.MapPost("/login", Login).AllowAnonymous();
        group.MapPost("/logout", Logout).RequireAuthorization();
        group.MapPost("/logout-all", LogoutAll).RequireAuthorization();
        group.MapGet("/user", CurrentUser).RequireAuthorization();
        group.MapPost("/tokens", CreateToken).RequireAuthorization();
        group.MapGet("/tokens", ListTokens).RequireAuthorization();
        group.MapDelete("/tokens/{id:long}", RevokeToken).RequireAuthorization();
        return app;
    }

    public static async Task<Results<Created<RegisterResponse>, ProblemHttpResult>> Register(RegisterRequest? request,
        IGrainFactory grains, HttpContext context)
    {
        if (AuthValidation.Check(request) is { Count: > 0 } errors)
        {
            return Problems.Validation(errors);
        }
        var result = await Identity(grains).Register(request!.Name!, request.Email!, request.Password!);
        if (result.Error is { } error)
        {
            return IdentityProblems.From(error, context);
        }
        return TypedResults.Created("/api/auth/user",
            new RegisterResponse(UserResponse.From(result.User!), result.Token!.PlainText, TokenType));
    }

    public static async Task<Results<Ok<LoginResponse>, ProblemHttpResult>> Login(LoginRequest? request, IGrainFactory grains,
        TimeProvider time, HttpContext context)
    {
        if (AuthValidation.Check(request) is { Count: > 0 } errors)
        {
            return Problems.Validation(errors);
        }
        var result = await Identity(grains).Login(request!.Email!, request.Password!, request.DeviceName);
        if (result.Error is { } error)
        {
            return IdentityProblems.From(error, context);
        }
        var expiresIn = (long)Math.Max(0, Math.Round((result.Token!.ExpiresAt - time.GetUtcNow()).TotalSeconds));
        return TypedResults.Ok(new LoginResponse(UserResponse.From(result.User!), result.Token.PlainText, TokenType, expiresIn));
    }

    public static async Task<NoContent> Logout(ClaimsPrincipal user, IGrainFactory grains, TokenCache cache)
    {
        var tokenId = user.GetTokenId();
        await Identity(grains).Logout(tokenId);
        cache.Revoke(tokenId);
        return TypedResults.NoContent();
    }

    public static async Task<NoContent> LogoutAll(ClaimsPrincipal user, IGrainFactory grains, TokenCache cache)
    {
        var revoked = await Identity(grains).LogoutAll(user.GetUserUuid());
        cache.Revoke(revoked.Append(user.GetTokenId()));
        return TypedResults.NoContent();
    }

    /// <summary>Answered from the token's cached principal: no grain call.</summary>
    public static Ok<CurrentUserResponse> CurrentUser(ClaimsPrincipal user) =>
        TypedResults.Ok(new CurrentUserResponse(user.GetUserUuid(), user.FindFirst(TokenClaims.Name)?.Value ?? "",
            user.FindFirst(TokenClaims.Email)?.Value ?? "", user.GetAbilities()));

    public static async Task<Results<Created<TokenCreatedResponse>, ProblemHttpResult>> CreateToken(CreateTokenRequest? request,
        ClaimsPrincipal user, IGrainFactory grains, HttpContext context)
    {
        if (AuthValidation.Check(request) is { Count: > 0 } errors)
        {
            return Problems.Validation(errors);
        }
        var result = await Identity(grains).CreateToken(user.GetUserUuid(), request!.Name!, request.Abilities!.Select(a => a!).ToArray(),
            request.ExpiresInDays, user.GetAbilities());
        if (result.Error is { } error)
        {
            return IdentityProblems.From(error, context);
        }
        var token = result.Token!;
        return TypedResults.Created("/api/auth/tokens", new TokenCreatedResponse(token.Id, token.PlainText, token.Abilities, token.ExpiresAt));
    }

    public static async Task<Results<Ok<TokenListResponse>, ProblemHttpResult>> ListTokens(ClaimsPrincipal user,
        IGrainFactory grains, string? limit, string? cursor)
    {
        if (AuthValidation.CheckPage(limit, cursor, out var size, out var afterId) is { Count: > 0 } errors)
        {
            return Problems.Validation(errors);
        }
        var page = await Identity(grains).ListTokens(user.GetUserUuid(), size, afterId);
        return TypedResults.Ok(new TokenListResponse(page.Tokens.Select(TokenResponse.From).ToArray(),
            page.NextAfterId is { } next ? AuthValidation.EncodeCursor(next) : null));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeToken(long id, ClaimsPrincipal user,
        IGrainFactory grains, TokenCache cache, HttpContext context)
    {
        var outcome = await Identity(grains).RevokeToken(user.GetUserUuid(), id);
        if (outcome.Error is { } error)
        {
            return IdentityProblems.From(error, context);
        }
        cache.Revoke(id);
        return TypedResults.NoContent();
    }

    private static IIdentityGrain Identity(IGrainFactory grains) => grains.Grain<IIdentityGrain>(0);
}
