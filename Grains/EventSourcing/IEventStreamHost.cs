using System.Text.Json;
using FinAegis.Grains.EventStore;

namespace FinAegis.Grains.EventSourcing;

/// <summary>What an <see cref="EventStreamSession{TState, TEvent}"/> needs from its grain (tests implement it directly).</summary>
internal interface IEventStreamHost<TState, TEvent>
    where TState : class, new()
    where TEvent : class
{
    IEventCodec<TEvent> Codec { get; }

    JsonSerializerOptions StateJsonOptions { get; }

    void Apply(TState state, TEvent e);

    DateTimeOffset CreatedAtOf(TEvent e);

    EventMetadata MetadataOf(TEvent e);

    IReadOnlyList<ReadModelWrite> ProjectReadModels(TState confirmedBefore, IReadOnlyList<TEvent> events);
}
