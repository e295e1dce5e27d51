using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace FinAegis.Grains.EventStore;

/// <summary>
/// One text per JSON value, whatever whitespace, key order or escaping it was written with: MySQL 8 re-orders object
/// keys and re-formats the JSON it stores (MariaDB keeps the text), and the hash chain must survive both.
/// Objects get their keys sorted ordinally, output is compact, strings are re-escaped one way, integer texts are
/// kept as written and other numbers become their shortest round-trip double text (MySQL stores them as doubles).
/// </summary>
public static class CanonicalJson
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = false,
    };

    // The hot path (every appended event) canonicalizes into this thread's reused buffer.
    private static readonly ThreadJsonWriter Writers = new(WriterOptions, 1024);

    public static string Canonicalize(string json) => Encoding.UTF8.GetString(CanonicalUtf8(json));

    public static string Canonicalize(JsonElement element) => Encoding.UTF8.GetString(CanonicalUtf8(element));

    /// <summary>
    /// The canonical text as UTF-8, in a buffer of this thread that the next call overwrites: use it before calling
    /// again (EventHash hashes it straight away).
    /// </summary>
    public static ReadOnlySpan<byte> CanonicalUtf8(string json)
    {
        using var document = JsonDocument.Parse(json);
        return CanonicalUtf8(document.RootElement);
    }

    private static ReadOnlySpan<byte> CanonicalUtf8(JsonElement element)
    {
        var lease = Writers.Start();
        Write(lease.Writer, element);
        return lease.Finish();
    }

    private static void Write(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                WriteObject(writer, element);
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Write(writer, item);
                }
                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(element.GetString());
                break;
            case JsonValueKind.Number:
                WriteNumber(writer, element);
                break;
            case JsonValueKind.True:
                writer.WriteBooleanValue(true);
                break;
            case JsonValueKind.False:
                writer.WriteBooleanValue(false);
                break;
            case JsonValueKind.Null:
                writer.WriteNullValue();
                break;
            default:
                throw new JsonException($"Unexpected JSON value kind {element.ValueKind}.");
        }
    }

    private static void WriteObject(Utf8JsonWriter writer, JsonElement element)
    {
        var count = element.GetPropertyCount();
        var names = ArrayPool<string>.Shared.Rent(count);
        var values = ArrayPool<JsonElement>.Shared.Rent(count);
        try
        {
            var i = 0;
            foreach (var property in element.EnumerateObject())
            {
                names[i] = property.Name;
                values[i] = property.Value;
                i++;
            }
            // Keys sorted ordinally (UTF-16 code units), the order the stored chain was built with.
            MemoryExtensions.Sort(names.AsSpan(0, count), values.AsSpan(0, count), StringComparer.Ordinal);
            writer.WriteStartObject();
            for (i = 0; i < count; i++)
            {
                writer.WritePropertyName(names[i]);
                Write(writer, values[i]);
            }
            writer.WriteEndObject();
        }
        finally
        {
            ArrayPool<string>.Shared.Return(names, clearArray: true);
            ArrayPool<JsonElement>.Shared.Return(values, clearArray: true);
        }
    }

    private static void WriteNumber(Utf8JsonWriter writer, JsonElement element)
    {
        var text = element.GetRawText();
        if (text.AsSpan().IndexOfAny('.', 'e', 'E') < 0)
        {
            // Integers (money in minor units) are stored exactly by both servers: keep their digits.
            writer.WriteRawValue(text, skipInputValidation: true);
            return;
        }
        var value = element.GetDouble();
        writer.WriteRawValue(value.ToString("R", CultureInfo.InvariantCulture), skipInputValidation: true);
    }
}
