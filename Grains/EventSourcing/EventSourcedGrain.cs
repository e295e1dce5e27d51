using System.Text.Json;
using FinAegis.Grains.EventStore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.EventSourcing;
using Orleans.EventSourcing.CustomStorage;

namespace FinAegis.Grains.EventSourcing;

/// <summary>
/// Base class of FinAegis' journaled grains: their events live in <c>stored_events</c> through
/// <see cref="IEventStore"/>, with snapshots every <see cref="EventStoreOptions.SnapshotEvery"/> events.
/// <para>
/// A concrete grain must carry <c>[LogConsistencyProvider(ProviderName = "EventStore")]</c> (the silo registers
/// <c>AddCustomStorageBasedLogConsistencyProvider("EventStore")</c> and <c>services.AddFinAegisEventStore(...)</c>).
/// Without the attribute Orleans uses its default provider and nothing reaches the event store.
/// </para>
/// <para>
/// Facts of the Orleans adaptor to design for: when an append returns false (another writer won) it re-reads and
/// re-submits <em>unconditional</em> events without re-validating them (use RaiseConditionalEvent for debits);
/// when it throws, the adaptor retries forever while ConfirmEvents waits (put a deadline on callers); never throw in
/// Apply/TransitionState; RetrieveConfirmedEvents does not work (read history from SQL). An event the database
/// refuses (a CHECK constraint of a read model, JSON it cannot store) is dropped by the session after one refusal, so
/// the raise returns false and the grain's retry gives up: validate before raising, so that never happens.
/// </para>
/// </summary>
public abstract class EventSourcedGrain<TState, TEvent> : JournaledGrain<TState, TEvent>, ICustomStorageInterface<TState, TEvent>,
    IEventStreamHost<TState, TEvent>
    where TState : class, new()
    where TEvent : class
{
    public const string ProviderName = "EventStore";

    private readonly IEventStore _eventStore;
    private readonly EventStoreOptions _options;
    private EventStreamSession<TState, TEvent>? _session;

    protected EventSourcedGrain(IEventStore eventStore, IOptions<EventStoreOptions> options)
    {
        _eventStore = eventStore;
        _options = options.Value;
    }

    /// <summary>Maps events to stable stored names and JSON; share one instance per grain type.</summary>
    protected abstract IEventCodec<TEvent> Codec { get; }

    /// <summary>
    /// The stream id (<c>stored_events.aggregate_uuid</c>, at most 36 characters): the GUID key in its dashed form,
    /// otherwise the string key (e.g. "USD/EUR").
    /// </summary>
    protected virtual string StreamId
        => this.GetGrainId().TryGetGuidKey(out var guid, out _) ? guid.ToString("D") : this.GetPrimaryKeyString();

    /// <summary>Options for snapshot (de)serialization of the state.</summary>
    protected virtual JsonSerializerOptions StateJsonOptions => StateSnapshotSerializer.DefaultOptions;

    /// <summary>
    /// This grain's id names a stream of another kind of aggregate (an account uuid used as a poll's, say): the state
    /// is empty, and creating the aggregate must be refused, since nothing may be appended to that stream.
    /// </summary>
    protected bool StreamHoldsAnotherKind => _session?.HoldsAnotherKind == true;

    /// <summary>The chain hash of the last confirmed event (null for an empty stream).</summary>
    protected string? LastEventHash => _session?.LastHash;

    IEventCodec<TEvent> IEventStreamHost<TState, TEvent>.Codec => Codec;

    JsonSerializerOptions IEventStreamHost<TState, TEvent>.StateJsonOptions => StateJsonOptions;

    /// <summary>The created_at of an event row; default now.</summary>
    protected virtual DateTimeOffset CreatedAtOf(TEvent e) => StoredTime.Now();

    /// <summary>Operation id, user and correlation id stored with an event; default none.</summary>
    protected virtual EventMetadata MetadataOf(TEvent e) => new();

    /// <summary>
    /// Read-model rows written in the same transaction as <paramref name="events"/>. <paramref name="confirmedBefore"/>
    /// is the state before them: read it, never change it.
    /// </summary>
    protected virtual IReadOnlyList<ReadModelWrite> ProjectReadModels(TState confirmedBefore, IReadOnlyList<TEvent> events) => [];

    public Task<KeyValuePair<int, TState>> ReadStateFromStorage() => Session.ReadAsync();

    public Task<bool> ApplyUpdatesToStorage(IReadOnlyList<TEvent> updates, int expectedVersion)
        => Session.AppendAsync(updates, expectedVersion, State);

    /// <summary>An event log is never cleared.</summary>
    public Task ClearStoredState() => throw new NotSupportedException("An event-sourced stream is never cleared.");

    void IEventStreamHost<TState, TEvent>.Apply(TState state, TEvent e) => TransitionState(state, e);

    DateTimeOffset IEventStreamHost<TState, TEvent>.CreatedAtOf(TEvent e) => CreatedAtOf(e);

    EventMetadata IEventStreamHost<TState, TEvent>.MetadataOf(TEvent e) => MetadataOf(e);

    IReadOnlyList<ReadModelWrite> IEventStreamHost<TState, TEvent>.ProjectReadModels(TState confirmedBefore, IReadOnlyList<TEvent> events)
        => ProjectReadModels(confirmedBefore, events);

    private EventStreamSession<TState, TEvent> Session => _session ??= new EventStreamSession<TState, TEvent>(
        _eventStore, _options.SnapshotEvery, StreamId, this,
        ServiceProvider.GetService<ILoggerFactory>()?.CreateLogger(GetType()) ?? NullLogger.Instance);
}
