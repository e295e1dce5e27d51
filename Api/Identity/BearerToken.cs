using FinAegis.Grains.Abstractions.Identity;

namespace FinAegis.Api.Identity;

/// <summary>Reads the Authorization header; only the SHA-256 of the secret leaves this method.</summary>
public static class BearerToken
{
    private const string Prefix = "Bearer ";

    public static bool TryRead(string? header, out long tokenId, out string secretSha256Hex)
    {
        secretSha256Hex = "";
        tokenId = 0;
        if (header is null || header.Length <= Prefix.Length || !header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        if (!TokenFormat.TryParse(header.AsSpan(Prefix.Length).Trim(), out tokenId, out var secret))
        {
            return false;
        }
        secretSha256Hex = TokenFormat.HashSecret(secret);
        return true;
    }
}
