using System.Security.Cryptography;
using System.Text;

namespace FinAegis.Grains.Abstractions.Identity;

/// <summary>
/// Sanctum-style plain-text tokens, "{id}|{secret}": the silo mints them and the API parses them, so the format
/// lives here once. Only <see cref="HashSecret"/> of the secret is ever stored or sent to the silo.
/// </summary>
public static class TokenFormat
{
    public const int SecretLength = 40;

    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static string NewSecret() => RandomNumberGenerator.GetString(Alphabet, SecretLength);

    public static string Format(long id, string secret) => $"{id}|{secret}";

    /// <summary>Lower-case hex SHA-256 of the secret, as Sanctum stores it in personal_access_tokens.token.</summary>
    public static string HashSecret(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Splits "{id}|{secret}"; anything else (bad id, wrong length, stray characters) is not a token.</summary>
    public static bool TryParse(ReadOnlySpan<char> token, out long id, out string secret)
    {
        id = 0;
        secret = "";
        var bar = token.IndexOf('|');
        if (bar <= 0 || bar > 19)
        {
            return false;
        }
        var idPart = token[..bar];
        foreach (var c in idPart)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }
        if (!long.TryParse(idPart, out id) || id <= 0)
        {
            id = 0;
            return false;
        }
        var secretPart = token[(bar + 1)..];
        if (secretPart.Length != SecretLength)
        {
            id = 0;
            return false;
        }
        foreach (var c in secretPart)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                id = 0;
                return false;
            }
        }
        secret = secretPart.ToString();
        return true;
    }
}
