using System.Security.Cryptography;
using System.Text;

namespace FinAegis.Grains.Security;

/// <summary>
/// Seals secrets (encrypted settings, webhook secrets) with AES-256-GCM under FINAEGIS_ENCRYPTION_KEY, so the database
/// never holds their plaintext. Sealed text: <c>v1:</c> + base64(nonce | tag | ciphertext). The purpose (for example
/// the setting's key) is bound as associated data, so a ciphertext copied to another row does not open there.
/// </summary>
public sealed class SecretBox
{
    public const string Prefix = "v1:";
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly byte[]? _key;

    /// <param name="base64Key">Base64 of exactly 32 bytes, or null/empty when the operator configured none.</param>
    public SecretBox(string? base64Key)
    {
        if (string.IsNullOrWhiteSpace(base64Key))
        {
            return;
        }
        byte[] key;
        try
        {
            key = Convert.FromBase64String(base64Key.Trim());
        }
        catch (FormatException)
        {
            throw new InvalidOperationException("FINAEGIS_ENCRYPTION_KEY is not base64.");
        }
        if (key.Length != 32)
        {
            throw new InvalidOperationException($"FINAEGIS_ENCRYPTION_KEY must be base64 of 32 bytes, not {key.Length}.");
        }
        _key = key;
    }

    public bool IsConfigured => _key is not null;

    public string Seal(string plaintext, string purpose)
    {
        var key = RequireKey();
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var sealedBytes = new byte[NonceSize + TagSize + plain.Length];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize), Encoding.UTF8.GetBytes(purpose));
        CryptographicOperations.ZeroMemory(plain);
        return Prefix + Convert.ToBase64String(sealedBytes);
    }

    /// <exception cref="CryptographicException">The text was not sealed with this key and purpose.</exception>
    public string Open(string sealedText, string purpose)
    {
        var key = RequireKey();
        if (!sealedText.StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw new CryptographicException("Not a sealed value.");
        }
        byte[] sealedBytes;
        try
        {
            sealedBytes = Convert.FromBase64String(sealedText[Prefix.Length..]);
        }
        catch (FormatException exception)
        {
            throw new CryptographicException("Not a sealed value.", exception);
        }
        if (sealedBytes.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("Not a sealed value.");
        }
        var plain = new byte[sealedBytes.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize), plain,
            Encoding.UTF8.GetBytes(purpose));
        return Encoding.UTF8.GetString(plain);
    }

    private byte[] RequireKey() =>
        _key ?? throw new EncryptionKeyMissingException();
}

/// <summary>An encrypted value was written or read while FINAEGIS_ENCRYPTION_KEY is unset.</summary>
public sealed class EncryptionKeyMissingException() : InvalidOperationException("FINAEGIS_ENCRYPTION_KEY is not configured on this silo.");
