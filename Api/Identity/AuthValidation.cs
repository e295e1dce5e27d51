using System.Buffers.Text;
using System.Globalization;
using System.Text;
using FinAegis.Grains.Abstractions.Identity;

namespace FinAegis.Api.Identity;

/// <summary>Request checks of SPEC §4, as field → messages for <c>Problems.Validation</c>. Empty means valid.</summary>
public static class AuthValidation
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public static Dictionary<string, string[]> Check(RegisterRequest? request)
    {
        var errors = new Dictionary<string, string[]>();
        Add(errors, "name", IdentityRules.CheckName(request?.Name));
        Add(errors, "email", IdentityRules.CheckEmail(request?.Email));
        Add(errors, "password", IdentityRules.CheckNewPassword(request?.Password));
        return errors;
    }

    public static Dictionary<string, string[]> Check(LoginRequest? request)
    {
        var errors = new Dictionary<string, string[]>();
        Add(errors, "email", string.IsNullOrWhiteSpace(request?.Email) ? "The email field is required."
            : request.Email.Length > IdentityRules.MaxEmailLength ? "The email may not be longer than 255 characters." : null);
        Add(errors, "password", string.IsNullOrEmpty(request?.Password) ? "The password field is required." : null);
        Add(errors, "device_name", request?.DeviceName is { Length: > IdentityRules.MaxNameLength }
            ? "The device_name may not be longer than 255 characters." : null);
        return errors;
    }

    public static Dictionary<string, string[]> Check(CreateTokenRequest? request)
    {
        var errors = new Dictionary<string, string[]>();
        Add(errors, "name", IdentityRules.CheckName(request?.Name));
        Add(errors, "abilities", IdentityRules.CheckAbilities(request?.Abilities));
        Add(errors, "expires_in_days", IdentityRules.CheckExpiresInDays(request?.ExpiresInDays));
        return errors;
    }

    /// <summary>?limit= (1..100, default 20) and ?cursor= (opaque: base64url of the last id shown).</summary>
    public static Dictionary<string, string[]> CheckPage(string? limit, string? cursor, out int size, out long? afterId)
    {
        var errors = new Dictionary<string, string[]>();
        size = DefaultPageSize;
        afterId = null;
        if (limit is not null)
        {
            if (int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed is >= 1 and <= MaxPageSize)
            {
                size = parsed;
            }
            else
            {
                Add(errors, "limit", $"The limit must be an integer from 1 to {MaxPageSize}.");
            }
        }
        if (cursor is not null)
        {
            if (TryDecodeCursor(cursor, out var id))
            {
                afterId = id;
            }
            else
            {
                Add(errors, "cursor", "The cursor is not valid.");
            }
        }
        return errors;
    }

    public static string EncodeCursor(long afterId) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(afterId.ToString(CultureInfo.InvariantCulture)));

    private static bool TryDecodeCursor(string cursor, out long id)
    {
        id = 0;
        if (cursor.Length > 32)
        {
            return false;
        }
        try
        {
            var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor));
            return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static void Add(Dictionary<string, string[]> errors, string field, string? message)
    {
        if (message is not null)
        {
            errors[field] = [message];
        }
    }
}
