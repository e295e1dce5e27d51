using System.Text.Json.Serialization;
using FinAegis.Grains.Abstractions.Identity;

namespace FinAegis.Api.Identity;

// Names are pinned with attributes so the wire format of SPEC §4 holds whatever naming policy the host sets.

public sealed record UserResponse(
    [property: JsonPropertyName("uuid")] Guid Uuid,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("email")] string Email)
{
    public static UserResponse From(UserView user) => new(user.Uuid, user.Name, user.Email);
}

public sealed record RegisterResponse(
    [property: JsonPropertyName("user")] UserResponse User,
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType);

public sealed record LoginResponse(
    [property: JsonPropertyName("user")] UserResponse User,
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] long ExpiresIn);

public sealed record CurrentUserResponse(
    [property: JsonPropertyName("uuid")] Guid Uuid,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("email")] string Email,
    [property: JsonPropertyName("abilities")] IReadOnlyList<string> Abilities);

public sealed record TokenCreatedResponse(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("abilities")] IReadOnlyList<string> Abilities,
    [property: JsonPropertyName("expires_at")] DateTimeOffset ExpiresAt);

public sealed record TokenResponse(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("abilities")] IReadOnlyList<string> Abilities,
    [property: JsonPropertyName("last_used_at")] DateTimeOffset? LastUsedAt,
    [property: JsonPropertyName("expires_at")] DateTimeOffset? ExpiresAt,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt)
{
    public static TokenResponse From(TokenInfo token) =>
        new(token.Id, token.Name, token.Abilities, token.LastUsedAt, token.ExpiresAt, token.CreatedAt);
}

public sealed record TokenListResponse(
    [property: JsonPropertyName("data")] IReadOnlyList<TokenResponse> Data,
    [property: JsonPropertyName("next_cursor")] string? NextCursor);
