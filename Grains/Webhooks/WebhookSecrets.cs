using System.Buffers.Text;
using System.Security.Cryptography;
using FinAegis.Grains.Security;

namespace FinAegis.Grains.Webhooks;

/// <summary>Webhook signing secrets: generated here, stored only sealed.</summary>
public static class WebhookSecrets
{
    public const string Prefix = "whsec_";

    /// <summary>Associated data binding a sealed secret to its use.</summary>
    public const string Purpose = "webhooks.secret";

    public static string Generate() => Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string Seal(SecretBox box, string secret) => box.Seal(secret, Purpose);

    public static string Open(SecretBox box, string sealedSecret) => box.Open(sealedSecret, Purpose);
}
