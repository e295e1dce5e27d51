namespace FinAegis.Grains.Abstractions.Identity;

/// <summary>A user as the API may show it: never the password hash.</summary>
[GenerateSerializer, Immutable, Alias("UserView")]
public sealed record UserView(
    [property: Id(0)] Guid Uuid,
    [property: Id(1)] string Name,
    [property: Id(2)] string Email,
    [property: Id(3)] bool IsAdmin);
