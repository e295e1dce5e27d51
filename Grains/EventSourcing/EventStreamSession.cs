using System.Text.Json;
using FinAegis.Grains.EventStore;
using Microsoft.Extensions.Logging;

namespace FinAegis.Grains.EventSourcing;

/// <summary>
/// The storage side of one event-sourced grain activation, kept apart from Orleans so it can be tested alone.
///
/// The unknown-outcome problem: when an append throws (connection lost at COMMIT), the Orleans CustomStorage
/// adaptor re-reads the state and submits the same events again. Had the append committed, a plain re-read would
/// return the new version and the events would be written twice. So the session remembers the appends it sent
/// since the last confirmed version; the re-read first re-sends them (same AppendId: the store answers true for an
/// append already committed and writes it otherwise) and then reports the state *before* them, so the adaptor
/// re-submits at that version, where those same AppendIds resolve to true once more and only the new events are
/// written.
///
/// The never-storable problem: when the store refuses an append for good (a CHECK constraint, JSON the database
/// rejects), the adaptor re-reads and, finding the stream where it was, submits the same events again, forever: it
/// drops conditional events only once the stream has moved past the position they were raised at. So the first read
/// after a refusal reports the stream one step further than it is; the adaptor drops the refused events (the grain's
/// RaiseConditionalEvent returns false and its own retry loop re-validates, and gives up), an append at that phantom
/// version is answered false, and the read after it reports the real version again. Every grain raises conditionally.
/// </summary>
internal sealed class EventStreamSession<TState, TEvent>(
    IEventStore store, int snapshotEvery, string streamId, IEventStreamHost<TState, TEvent> host, ILogger logger)
    where TState : class, new()
    where TEvent : class
{
    private readonly int _snapshotEvery = Math.Max(1, snapshotEvery);
    private int _version;
    private string? _lastHash;
    private Unsettled? _unsettled;

    // Whether the stream has a snapshot row, so the next one can replace it in place (StreamSnapshot.ReplacesStored).
    private bool _hasStoredSnapshot;

    // The version at which the store last refused an append for good; the next read steps past it (see above).
    private int? _refusedAt;

    public string StreamId { get; } = streamId;

    public int Version => _version;

    public string? LastHash => _lastHash;

    /// <summary>
    /// The stream belongs to another kind of aggregate (its first event is not one of this grain's): an account uuid
    /// asked for as a poll, say. The grain then sees no aggregate, and nothing may ever be appended here.
    /// </summary>
    public bool HoldsAnotherKind { get; private set; }

    /// <summary>Appends sent since the last confirmed version whose outcome the adaptor has not seen succeed.</summary>
    internal int UnsettledAppends => _unsettled?.Sent.Count ?? 0;

    public async Task<KeyValuePair<int, TState>> ReadAsync()
    {
        try
        {
            if (_unsettled is { } unsettled && await SettleAsync(unsettled))
            {
                _version = unsettled.Version;
                _lastHash = unsettled.HashBefore;
                _hasStoredSnapshot |= unsettled.Sent.Any(sent => sent.Snapshot is not null);
                return new(unsettled.Version, StateSnapshotSerializer.Deserialize<TState>(unsettled.StateJson!, host.StateJsonOptions));
            }

            var (read, state) = await ReadStreamAndStateAsync();
            var reported = _refusedAt == read.Version ? read.Version + 1 : read.Version;
            if (reported != read.Version)
            {
                logger.LogWarning("Stream {StreamId}: dropping the events refused at version {Version}", StreamId, read.Version);
            }
            _refusedAt = null;
            _version = read.Version;
            _lastHash = read.LastHash;
            if (HoldsAnotherKind)
            {
                // Not an error to retry: decoding would fail on every read and leave the activation (and its callers)
                // waiting forever. Reporting the real version keeps the adaptor from ever appending below it.
                logger.LogInformation("Stream {StreamId} holds {EventClass} events of another kind of aggregate; this grain sees no aggregate there",
                    StreamId, read.FirstEventClass);
                return new(reported, new TState());
            }
            foreach (var stored in read.Events)
            {
                host.Apply(state, host.Codec.Decode(stored.EventClass, stored.PropertiesJson));
            }
            return new(reported, state);
        }
        catch (Exception exception)
        {
            // The adaptor retries reads forever and only logs at debug: without this an activation hangs silently.
            logger.LogError(exception, "Reading event stream {StreamId} failed; the grain retries and its callers wait", StreamId);
            throw;
        }
    }

    /// <summary>
    /// The stream and the state its snapshot holds (and whether the stream is another kind's). A snapshot is a cache:
    /// one this code cannot read (the state's shape changed incompatibly, say) must not keep the aggregate from
    /// activating, so the stream is then read from its first event, and the next snapshot replaces the unreadable row.
    /// </summary>
    private async Task<(StreamRead Read, TState State)> ReadStreamAndStateAsync()
    {
        var read = await store.ReadStreamAsync(StreamId);
        _hasStoredSnapshot = read.Snapshot is not null;
        HoldsAnotherKind = read.FirstEventClass is { } first && !host.Codec.CanDecode(first);
        if (read.Snapshot is not { } snapshot || HoldsAnotherKind)
        {
            return (read, new TState());
        }
        try
        {
            return (read, StateSnapshotSerializer.Deserialize<TState>(snapshot.StateJson, host.StateJsonOptions));
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException or InvalidOperationException)
        {
            logger.LogWarning(exception, "Stream {StreamId}: its snapshot at version {Version} cannot be read; replaying every event instead",
                StreamId, snapshot.Version);
            return (await store.ReadStreamFromStartAsync(StreamId), new TState());
        }
    }

    public async Task<bool> AppendAsync(IReadOnlyList<TEvent> updates, int expectedVersion, TState confirmedState)
    {
        if (HoldsAnotherKind)
        {
            // A grain checks StreamHoldsAnotherKind before it creates anything, so this is a bug's backstop: never mix
            // two kinds of events in one stream.
            var refused = new AppendRefusedException(StreamId, Guid.Empty,
                new InvalidOperationException("The stream belongs to another kind of aggregate."));
            logger.LogCritical(refused, "Stream {StreamId}: refused {Count} events for a stream of another kind of aggregate", StreamId, updates.Count);
            _refusedAt = expectedVersion;
            throw refused;
        }
        if (_unsettled is { } stale && stale.Version != expectedVersion)
        {
            logger.LogWarning("Stream {StreamId}: dropping {Appends} unsettled appends at version {Version}, the grain is at {Expected}",
                StreamId, stale.Sent.Count, stale.Version, expectedVersion);
            _unsettled = null;
        }
        if (expectedVersion != _version)
        {
            // Our hash is for another version: make the adaptor re-read, which realigns both.
            logger.LogWarning("Stream {StreamId}: asked to append at {Expected} but the session is at {Version}", StreamId, expectedVersion, _version);
            return false;
        }

        var unsettled = _unsettled ??= new Unsettled(expectedVersion, _lastHash);
        AppendRequest? sending = null;
        try
        {
            var hash = unsettled.HashBefore;
            var offset = 0;
            foreach (var sent in unsettled.Sent)
            {
                // The adaptor keeps its queue in order, so the events of our earlier attempts come first.
                if (offset + sent.Events.Count > updates.Count)
                {
                    logger.LogCritical("Stream {StreamId}: the re-submitted batch ({Count}) is shorter than the unsettled appends", StreamId, updates.Count);
                    _unsettled = null;
                    return false;
                }
                sending = sent;
                var result = await store.AppendAsync(sent);
                if (!result.Appended)
                {
                    return Conflict(offset);
                }
                hash = result.LastHash;
                offset += sent.Events.Count;
            }

            if (offset < updates.Count)
            {
                var request = BuildRequest(updates, offset, expectedVersion, hash, confirmedState);
                sending = request;
                unsettled.Sent.Add(request);
                var result = await store.AppendAsync(request);
                if (!result.Appended)
                {
                    return Conflict(offset);
                }
                hash = result.LastHash;
            }

            _version = expectedVersion + updates.Count;
            _lastHash = hash;
            _hasStoredSnapshot |= unsettled.Sent.Any(sent => sent.Snapshot is not null);
            _unsettled = null;
            return true;
        }
        catch (Exception exception) when (exception is AppendRefusedException or ArgumentException)
        {
            // Nothing of the refused append was written (and resending it cannot help): forget it, so that a re-read
            // reports the stream as it is. The adaptor will still retry; the grain's own validation must keep such
            // events out (see EventSourcedGrain).
            if (sending is not null)
            {
                unsettled.Sent.Remove(sending);
            }
            Forget(unsettled, confirmedState);
            if (_unsettled is null)
            {
                _refusedAt = expectedVersion;
            }
            logger.LogCritical(exception, "Stream {StreamId}: the event store refused events at version {Version}; they are dropped",
                StreamId, expectedVersion);
            throw;
        }
        catch (Exception exception)
        {
            Forget(unsettled, confirmedState);
            logger.LogError(exception, "Stream {StreamId}: append at version {Version} failed with an unknown outcome; it is re-sent with the same append id",
                StreamId, expectedVersion);
            throw;
        }
    }

    /// <summary>Keeps what may have been written (with the state before it) and drops the record when nothing was.</summary>
    private void Forget(Unsettled unsettled, TState confirmedState)
    {
        if (unsettled.Sent.Count == 0)
        {
            _unsettled = null;
            return;
        }
        unsettled.StateJson ??= StateSnapshotSerializer.Serialize(confirmedState, host.StateJsonOptions);
    }

    private bool Conflict(int committedOffset)
    {
        if (committedOffset > 0)
        {
            // Our first appends committed, then another writer got in: the adaptor will re-read and may re-submit them.
            logger.LogCritical("Stream {StreamId}: another writer appended after {Committed} of our events; events may be repeated",
                StreamId, committedOffset);
        }
        _unsettled = null;
        return false;
    }

    /// <summary>Re-sends unsettled appends; true when all of them are (now) in the stream.</summary>
    private async Task<bool> SettleAsync(Unsettled unsettled)
    {
        if (unsettled.Sent.Count == 0 || unsettled.StateJson is null)
        {
            _unsettled = null;
            return false;
        }
        for (var i = 0; i < unsettled.Sent.Count; i++)
        {
            var result = await store.AppendAsync(unsettled.Sent[i]);
            if (!result.Appended)
            {
                if (i > 0)
                {
                    logger.LogCritical("Stream {StreamId}: another writer appended after part of our unsettled events", StreamId);
                }
                _unsettled = null;
                return false;
            }
        }
        return true;
    }

    private AppendRequest BuildRequest(IReadOnlyList<TEvent> updates, int offset, int expectedVersion, string? previousHash, TState confirmedState)
    {
        var events = new List<TEvent>(updates.Count - offset);
        var newEvents = new List<NewEvent>(updates.Count - offset);
        for (var i = offset; i < updates.Count; i++)
        {
            var e = updates[i];
            var (eventClass, json) = host.Codec.Encode(e);
            events.Add(e);
            newEvents.Add(new NewEvent(eventClass, json, host.CreatedAtOf(e), host.MetadataOf(e)));
        }

        var startVersion = expectedVersion + offset;
        var endVersion = expectedVersion + updates.Count;
        // When this append crosses a multiple of SnapshotEvery, snapshot the state *before* it (at startVersion): that
        // state is at hand and consistent with the hash before these events, so the snapshot costs one serialization
        // and no copy of the state. An activation then replays at most SnapshotEvery events plus one append's.
        var wantsSnapshot = startVersion > 0 && endVersion / _snapshotEvery > startVersion / _snapshotEvery;

        // The projection sees the state before these events. The confirmed state itself serves when nothing has to
        // be applied to it; otherwise work on a copy (serialize + deserialize), never on the adaptor's state.
        var before = confirmedState;
        if (offset > 0)
        {
            before = Copy(confirmedState);
            for (var i = 0; i < offset; i++)
            {
                host.Apply(before, updates[i]);
            }
        }
        var readModels = host.ProjectReadModels(before, events);

        var snapshot = wantsSnapshot
            ? new StreamSnapshot(startVersion, StateSnapshotSerializer.Serialize(before, host.StateJsonOptions), _hasStoredSnapshot)
            : null;
        return new AppendRequest(StreamId, startVersion, previousHash, Guid.NewGuid(), newEvents, snapshot, readModels);
    }

    private TState Copy(TState state)
        => StateSnapshotSerializer.Deserialize<TState>(StateSnapshotSerializer.Serialize(state, host.StateJsonOptions), host.StateJsonOptions);

    private sealed class Unsettled(int version, string? hashBefore)
    {
        public int Version { get; } = version;

        public string? HashBefore { get; } = hashBefore;

        /// <summary>The confirmed state at <see cref="Version"/>, kept once an append's outcome is unknown.</summary>
        public string? StateJson { get; set; }

        public List<AppendRequest> Sent { get; } = [];
    }
}
