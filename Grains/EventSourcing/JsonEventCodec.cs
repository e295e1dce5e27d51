using System.Text.Json;

namespace FinAegis.Grains.EventSourcing;

/// <summary>
/// An <see cref="IEventCodec{TEvent}"/> from a name → type map, with System.Text.Json in snake_case
/// (<c>{"amount":100,"asset_code":"USD"}</c>). Create it once per grain type (a static field) and share it.
/// </summary>
public sealed class JsonEventCodec<TEvent> : IEventCodec<TEvent>
    where TEvent : class
{
    public static readonly JsonSerializerOptions DefaultOptions = new(JsonSerializerDefaults.General)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = false,
    };

    private readonly Dictionary<string, Type> _typesByName;
    private readonly Dictionary<Type, string> _namesByType;
    private readonly JsonSerializerOptions _options;

    public JsonEventCodec(IReadOnlyDictionary<string, Type> typesByName, JsonSerializerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(typesByName);
        _typesByName = new Dictionary<string, Type>(StringComparer.Ordinal);
        _namesByType = [];
        foreach (var (name, type) in typesByName)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(name);
            if (!typeof(TEvent).IsAssignableFrom(type))
            {
                throw new ArgumentException($"Event type {type} for '{name}' is not a {typeof(TEvent).Name}.", nameof(typesByName));
            }
            if (!_namesByType.TryAdd(type, name))
            {
                throw new ArgumentException($"Event type {type} is mapped to two names.", nameof(typesByName));
            }
            _typesByName.Add(name, type);
        }
        _options = options ?? DefaultOptions;
    }

    /// <summary>The stored names this codec knows (the integrity tools pick a stream's projection by them).</summary>
    public IReadOnlyCollection<string> EventClasses => _typesByName.Keys;

    /// <summary>Shorthand: <c>JsonEventCodec&lt;AccountEvent&gt;.Of(("MoneyAdded", typeof(MoneyAdded)), ...)</c>.</summary>
    public static JsonEventCodec<TEvent> Of(params (string EventClass, Type Type)[] events)
        => new(events.ToDictionary(e => e.EventClass, e => e.Type, StringComparer.Ordinal));

    public (string EventClass, string Json) Encode(TEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var type = e.GetType();
        if (!_namesByType.TryGetValue(type, out var name))
        {
            throw new InvalidOperationException($"Event type {type} has no stored name in the codec of {typeof(TEvent).Name}.");
        }
        return (name, JsonSerializer.Serialize(e, type, _options));
    }

    public bool CanDecode(string eventClass) => _typesByName.ContainsKey(eventClass);

    public TEvent Decode(string eventClass, string json)
    {
        if (!_typesByName.TryGetValue(eventClass, out var type))
        {
            throw new InvalidDataException($"Stored event class '{eventClass}' is unknown to the codec of {typeof(TEvent).Name}.");
        }
        return (TEvent)(JsonSerializer.Deserialize(json, type, _options)
            ?? throw new InvalidDataException($"Stored event '{eventClass}' deserialized to null."));
    }
}
