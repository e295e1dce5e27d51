using System.Text.Json;
using System.Text.Json.Serialization;

namespace FinAegis.Api.Http;

/// <summary>
/// Reads every <see cref="JsonElement"/> member of a request body (amounts, metadata, options, setting values) and
/// refuses, as 400 INVALID_JSON, what the JSON grammar allows but the database's JSON columns never store: a string
/// with an unpaired surrogate escape ("\ud800"), which JSON_VALID rejects and .NET cannot even read as a string, and
/// nesting deeper than <see cref="MaxDepth"/> levels (MariaDB refuses documents nested deeper than 32, and a stored
/// event wraps the value in a few levels of its own). Refused here, such input changes nothing; let through, it was
/// an event the database could never accept. Duplicate property names inside the value are refused too, as the
/// serializer refuses them in the body itself (AllowDuplicateProperties = false).
/// </summary>
public sealed class StorableJsonElementConverter : JsonConverter<JsonElement>
{
    public const int MaxDepth = 16;

    public override JsonElement Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        Check(document.RootElement, depth: 1);
        return document.RootElement.Clone();
    }

    public override void Write(Utf8JsonWriter writer, JsonElement value, JsonSerializerOptions options) => value.WriteTo(writer);

    private static void Check(JsonElement element, int depth)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                ThrowIfTooDeep(depth);
                var names = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    if (!names.Add(NameOf(property)))
                    {
                        throw new JsonException($"The property \"{property.Name}\" appears twice in one object.");
                    }
                    Check(property.Value, depth + 1);
                }
                break;
            case JsonValueKind.Array:
                ThrowIfTooDeep(depth);
                foreach (var item in element.EnumerateArray())
                {
                    Check(item, depth + 1);
                }
                break;
            case JsonValueKind.String:
                CheckText(element);
                break;
        }
    }

    private static void ThrowIfTooDeep(int depth)
    {
        if (depth > MaxDepth)
        {
            throw new JsonException($"JSON values may be nested at most {MaxDepth} levels deep.");
        }
    }

    private static void CheckText(JsonElement text)
    {
        try
        {
            _ = text.GetString();
        }
        catch (InvalidOperationException)
        {
            throw Unpaired();
        }
    }

    private static string NameOf(JsonProperty property)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException)
        {
            throw Unpaired();
        }
    }

    private static JsonException Unpaired() => new("JSON strings must be valid Unicode: an escaped surrogate (\\uD800-\\uDFFF) must be paired.");
}
