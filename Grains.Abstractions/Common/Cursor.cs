using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace FinAegis.Grains.Abstractions.Common;

/// <summary>Opaque list cursors: a position (row id or version) wrapped in base64url so clients don't build them.</summary>
public static class Cursor
{
    public static string Encode(long position) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes("p:" + position.ToString(CultureInfo.InvariantCulture)));

    public static bool TryDecode(string? cursor, out long position)
    {
        position = 0;
        if (string.IsNullOrEmpty(cursor) || cursor.Length > 64)
        {
            return false;
        }
        try
        {
            var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor));
            return text.StartsWith("p:", StringComparison.Ordinal)
                && long.TryParse(text.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out position);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
