namespace FinAegis.Grains.EventSourcing;

/// <summary>
/// Turns a grain's events into stored rows and back. EventClass is a stable short name ("MoneyAdded"), never a CLR
/// type name, so types can be renamed and moved without breaking stored streams.
/// </summary>
public interface IEventCodec<TEvent>
{
    (string EventClass, string Json) Encode(TEvent e);

    TEvent Decode(string eventClass, string json);

    /// <summary>Whether <paramref name="eventClass"/> is one of this codec's names: a stream whose first event is not
    /// belongs to another kind of aggregate.</summary>
    bool CanDecode(string eventClass);
}
