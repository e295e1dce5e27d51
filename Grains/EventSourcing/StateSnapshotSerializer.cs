using System.Text.Json;

namespace FinAegis.Grains.EventSourcing;

/// <summary>
/// Snapshot (de)serialization of grain state: plain classes with public get/set properties, dictionaries and lists.
/// Fields and private setters are not written, so keep everything the state needs in public properties.
/// </summary>
public static class StateSnapshotSerializer
{
    public static readonly JsonSerializerOptions DefaultOptions = new(JsonSerializerDefaults.General)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        IncludeFields = false,
        WriteIndented = false,
    };

    public static string Serialize<TState>(TState state, JsonSerializerOptions? options = null)
        => JsonSerializer.Serialize(state, options ?? DefaultOptions);

    public static TState Deserialize<TState>(string json, JsonSerializerOptions? options = null)
        where TState : class, new()
        => JsonSerializer.Deserialize<TState>(json, options ?? DefaultOptions) ?? new TState();
}
