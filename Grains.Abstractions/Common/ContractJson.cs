using System.Text.Json;
using System.Text.Json.Serialization;

namespace FinAegis.Grains.Abstractions.Common;

/// <summary>
/// The JSON form of contract records where they are stored as text (a result kept for an Idempotency-Key), shared by
/// the grains that write it and the API that replays it.
/// </summary>
public static class ContractJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };
}
