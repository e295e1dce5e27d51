using FinAegis.Grains.EventStore;

namespace FinAegis.Grains.Integrity;

/// <summary>
/// One kind of event-sourced stream (accounts, exchange-rate pairs, polls, ...) as the operator tools see it: which
/// streams are its own, which read-model tables its events produce, and how to replay a stream into the exact
/// read-model writes its grain made. `finaegis verify` compares those with the tables, `finaegis rebuild-projections`
/// writes them back. Implementations are found by reflection in the Grains assembly (a public sealed class with a
/// parameterless constructor), so adding a kind is adding one class next to its grain.
/// </summary>
public interface IStreamProjection
{
    /// <summary>A short name for reports: "account", "exchange-rate", "poll".</summary>
    string Kind { get; }

    /// <summary>
    /// True when <paramref name="eventClass"/> (a stored_events.event_class) belongs to this kind. A stream's kind is
    /// chosen by its first event, so the event class names of different kinds must not overlap.
    /// </summary>
    bool Owns(string eventClass);

    /// <summary>
    /// The read-model tables this kind's replay fully determines: every row of them is a projection of one stream of
    /// this kind. Writes to other statements (idempotency keys, webhook outbox rows) are ignored by verify and rebuild.
    /// </summary>
    IReadOnlyList<ReadModelTable> Tables { get; }

    /// <summary>Starts replaying the stream <paramref name="streamId"/> from its first event.</summary>
    IStreamReplay Begin(string streamId);
}

/// <summary>The replay of one stream, fed its appends in order.</summary>
public interface IStreamReplay
{
    /// <summary>
    /// Folds one append (the events that share a meta_data append_id, in version order: one ConfirmEvents batch of
    /// the grain) and returns the read-model writes the grain's ProjectReadModels made for exactly that batch. Calls
    /// <paramref name="problem"/> for an inconsistency inside the stream (a balance_after that does not add up).
    /// Throws <see cref="InvalidDataException"/> when an event cannot be decoded.
    /// </summary>
    IReadOnlyList<ReadModelWrite> ApplyAppend(IReadOnlyList<StoredEvent> events, Action<StoredEvent, string> problem);
}
