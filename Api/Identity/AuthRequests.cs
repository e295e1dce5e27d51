using System.Text.Json.Serialization;

namespace FinAegis.Api.Identity;

// Every property is nullable so a missing field becomes a 422 with field errors, not a binding failure.

public sealed record RegisterRequest(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("email")] string? Email,
    [property: JsonPropertyName("password")] string? Password);

public sealed record LoginRequest(
    [property: JsonPropertyName("email")] string? Email,
    [property: JsonPropertyName("password")] string? Password,
    [property: JsonPropertyName("device_name")] string? DeviceName);

public sealed record CreateTokenRequest(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("abilities")] IReadOnlyList<string?>? Abilities,
    [property: JsonPropertyName("expires_in_days")] int? ExpiresInDays);
