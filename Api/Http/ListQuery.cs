using System.Globalization;
using FinAegis.Grains.Abstractions.Common;

namespace FinAegis.Api.Http;

/// <summary>`?limit=` (1 to 100, default 20) and `?cursor=` of every list (SPEC §3), validated.</summary>
public static class ListQuery
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    public static Dictionary<string, string[]> Validate(string? limitText, string? cursor, out int limit)
    {
        var errors = new Dictionary<string, string[]>();
        limit = DefaultLimit;
        if (limitText is not null)
        {
            if (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > MaxLimit)
            {
                errors["limit"] = [$"The limit must be an integer from 1 to {MaxLimit}."];
            }
        }
        if (cursor is not null && !Cursor.TryDecode(cursor, out _))
        {
            errors["cursor"] = ["The cursor is not one this API returned."];
        }
        return errors;
    }
}
