using System.Text;
using System.Text.RegularExpressions;

namespace FinAegis.Grains.Abstractions.Identity;

/// <summary>
/// Input rules for users and tokens. The API uses them to answer 422 with field errors before calling a grain; the
/// grains apply them again, since a grain must not trust its caller.
/// </summary>
public static partial class IdentityRules
{
    public const int MaxNameLength = 255;
    public const int MaxEmailLength = 255;
    public const int MinPasswordLength = 8;

    /// <summary>bcrypt ignores everything past 72 bytes, so a longer password would be silently truncated.</summary>
    public const int MaxPasswordBytes = 72;

    public const int MinExpiresInDays = 1;
    public const int MaxExpiresInDays = 3650;

    /// <summary>Emails are compared case-insensitively by storing them trimmed and lower-cased.</summary>
    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    public static string? CheckName(string? name, string label = "name") =>
        string.IsNullOrWhiteSpace(name) ? $"The {label} field is required."
        : name.Trim().Length > MaxNameLength ? $"The {label} may not be longer than {MaxNameLength} characters."
        : null;

    public static string? CheckEmail(string? email)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return "The email field is required.";
        }
        var trimmed = email.Trim();
        if (trimmed.Length > MaxEmailLength)
        {
            return $"The email may not be longer than {MaxEmailLength} characters.";
        }
        return EmailPattern().IsMatch(trimmed) ? null : "The email must be a valid email address.";
    }

    public static string? CheckNewPassword(string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return "The password field is required.";
        }
        if (password.Length < MinPasswordLength)
        {
            return $"The password must be at least {MinPasswordLength} characters.";
        }
        return Encoding.UTF8.GetByteCount(password) > MaxPasswordBytes
            ? $"The password may not be longer than {MaxPasswordBytes} bytes."
            : null;
    }

    public static string? CheckAbilities(IReadOnlyList<string?>? abilities)
    {
        if (abilities is null || abilities.Count == 0)
        {
            return "The abilities field must list at least one ability.";
        }
        var unknown = abilities.Where(a => !Abilities.IsKnown(a)).Select(a => a ?? "null").ToList();
        return unknown.Count == 0
            ? null
            : $"Unknown abilities: {string.Join(", ", unknown)}. Known: {string.Join(", ", Abilities.Known)}.";
    }

    public static string? CheckExpiresInDays(int? days) =>
        days is null or (>= MinExpiresInDays and <= MaxExpiresInDays)
            ? null
            : $"The expires_in_days must be between {MinExpiresInDays} and {MaxExpiresInDays}.";

    // Deliberately plain: one @, no spaces, a dot in the domain. Deliverability is the mail server's business.
    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();
}
