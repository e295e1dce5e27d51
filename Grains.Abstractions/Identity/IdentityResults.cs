using FinAegis.Grains.Abstractions.Common;

namespace FinAegis.Grains.Abstractions.Identity;

/// <summary>Register and login: the user and a new token, or why not.</summary>
[GenerateSerializer, Immutable, Alias("AuthResult")]
public sealed record AuthResult(
    [property: Id(0)] UserView? User,
    [property: Id(1)] IssuedToken? Token,
    [property: Id(2)] DomainError? Error)
{
    public static AuthResult Ok(UserView user, IssuedToken token) => new(user, token, null);
    public static AuthResult Fail(DomainError error) => new(null, null, error);
}

[GenerateSerializer, Immutable, Alias("UserResult")]
public sealed record UserResult([property: Id(0)] UserView? User, [property: Id(1)] DomainError? Error)
{
    public static UserResult Ok(UserView user) => new(user, null);
    public static UserResult Fail(DomainError error) => new(null, error);
}

[GenerateSerializer, Immutable, Alias("TokenResult")]
public sealed record TokenResult([property: Id(0)] IssuedToken? Token, [property: Id(1)] DomainError? Error)
{
    public static TokenResult Ok(IssuedToken token) => new(token, null);
    public static TokenResult Fail(DomainError error) => new(null, error);
}

/// <summary>An outcome with nothing to return but a possible refusal.</summary>
[GenerateSerializer, Immutable, Alias("IdentityOutcome")]
public sealed record IdentityOutcome([property: Id(0)] DomainError? Error)
{
    public static IdentityOutcome Ok { get; } = new((DomainError?)null);
    public static IdentityOutcome Fail(DomainError error) => new(error);
}

/// <summary>Detail keys the identity grains put in <see cref="DomainError.Details"/>.</summary>
public static class IdentityErrorDetails
{
    /// <summary>For VALIDATION_FAILED: the request field at fault (the API turns it into `errors.{field}`).</summary>
    public const string Field = "field";

    /// <summary>For RATE_LIMITED: whole seconds until the next attempt may succeed (the Retry-After header).</summary>
    public const string RetryAfter = "retry_after";
}
