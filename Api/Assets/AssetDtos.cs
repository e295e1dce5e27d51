using System.Text.Json;

namespace FinAegis.Api.Assets;

public sealed record CreateAssetRequest(string? Code, string? Name, string? Type, JsonElement? Precision, JsonElement? Metadata);

public sealed record UpdateAssetRequest(bool? IsActive);

public sealed record AssetDto(string Code, string Name, string Type, int Precision, bool IsActive, JsonElement? Metadata);
