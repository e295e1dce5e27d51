using FinAegis.Grains.Abstractions.Common;

namespace FinAegis.Grains.Abstractions.Settings;

/// <summary>A setting; <see cref="ValueJson"/> is its value as JSON text, null when masked (encrypted, in lists).</summary>
[GenerateSerializer, Immutable, Alias("SettingView")]
public sealed record SettingView(
    [property: Id(0)] string Key,
    [property: Id(1)] string? ValueJson,
    [property: Id(2)] string Type,
    [property: Id(3)] bool IsEncrypted,
    [property: Id(4)] string? Description,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] DateTimeOffset UpdatedAt);

[GenerateSerializer, Immutable, Alias("PutSetting")]
public sealed record PutSetting(
    [property: Id(0)] Caller Caller,
    [property: Id(1)] string Key,
    [property: Id(2)] string ValueJson,
    [property: Id(3)] string Type,
    [property: Id(4)] bool IsEncrypted,
    [property: Id(5)] string? Description);

[GenerateSerializer, Immutable, Alias("SettingResult")]
public sealed record SettingResult([property: Id(0)] SettingView? Setting, [property: Id(1)] DomainError? Error)
{
    public static SettingResult Ok(SettingView setting) => new(setting, null);
    public static SettingResult Fail(DomainError error) => new(null, error);
}
