using System.Text.Json;
using FinAegis.Grains.EventSourcing;
using FinAegis.Grains.EventStore;
using FinAegis.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static FinAegis.Tests.EventStore.EventStoreTestKit;

namespace FinAegis.Tests.EventStore;

/// <summary>
/// The grain base class's storage logic (EventStreamSession) driven the way the Orleans CustomStorage adaptor
/// drives it: read, append at the confirmed version, and after an exception re-read and re-submit everything pending.
/// </summary>
public sealed class EventStreamSessionTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    private EventStreamSession<CounterState, CounterEvent> NewSession(IEventStore store, string stream, int snapshotEvery = 100)
        => new(store, snapshotEvery, stream, new CounterHost(), NullLogger.Instance);

    [Fact]
    public async Task State_from_snapshot_plus_tail_equals_a_replay_of_every_event()
    {
        await using var store = CreateStore(db);
        var stream = NewStream();
        var recorder = new FlakyStore(store);
        var session = NewSession(recorder, stream, snapshotEvery: 5);
        var (version, state) = await session.ReadAsync();
        var n = 0;
        foreach (var size in new[] { 1, 3, 2, 4, 1, 6, 2, 3, 1 })
        {
            var updates = Enumerable.Range(0, size).Select(_ => CounterHost.Next(++n)).ToList();
            Assert.True(await session.AppendAsync(updates, version, state));
            updates.ForEach(e => CounterHost.ApplyTo(state, e));   // what the adaptor does after a successful write
            version += size;
        }

        // Crossings of 5, 10, 15, 20 happened in the appends 5-6, 7-10, 12-17 and 20-22; each snapshots the state before
        // it (at 4, 6, 11 and 19): the last snapshot is at 19 and events 20 to 23 follow it.
        Assert.Equal(19L, await db.ScalarAsync<long>("SELECT aggregate_version FROM snapshots WHERE aggregate_uuid = @s", ("@s", stream)));
        var snapshotRowId = await db.ScalarAsync<long>("SELECT id FROM snapshots WHERE aggregate_uuid = @s", ("@s", stream));
        // The first snapshot of the stream inserts its row; every later one replaces it in place.
        Assert.Equal([false, true, true, true], recorder.Sent.Where(r => r.Snapshot is not null).Select(r => r.Snapshot!.ReplacesStored));
        var read = await store.ReadStreamAsync(stream);
        Assert.Equal(19, read.Snapshot!.Version);
        Assert.Equal(4, read.Events.Count);

        var (readVersion, fromSnapshot) = await NewSession(store, stream, snapshotEvery: 5).ReadAsync();
        var replayed = await ReplayAllAsync(stream);

        Assert.Equal(23, readVersion);
        Assert.Equal(Json(replayed), Json(fromSnapshot));
        Assert.Equal(Json(state), Json(fromSnapshot));
        Assert.Equal(Enumerable.Range(1, 23).Where(i => i % 4 != 0).Sum(), fromSnapshot.Total);

        // A new activation read the snapshot, so its next one replaces that row in place (same id, newer version).
        var nextRecorder = new FlakyStore(store);
        var next = NewSession(nextRecorder, stream, snapshotEvery: 5);
        var (nextVersion, nextState) = await next.ReadAsync();
        Assert.True(await next.AppendAsync([CounterHost.Next(++n), CounterHost.Next(++n)], nextVersion, nextState));
        Assert.True(nextRecorder.Sent.Single().Snapshot!.ReplacesStored);
        Assert.Equal(snapshotRowId, await db.ScalarAsync<long>("SELECT id FROM snapshots WHERE aggregate_uuid = @s", ("@s", stream)));
        Assert.Equal(23L, await db.ScalarAsync<long>("SELECT aggregate_version FROM snapshots WHERE aggregate_uuid = @s", ("@s", stream)));
    }

    [Fact]
    public async Task A_second_writer_at_a_stale_version_gets_false_and_writes_nothing()
    {
        await using var store = CreateStore(db);
        var stream = NewStream();
        var first = NewSession(store, stream);
        var second = NewSession(store, stream);
        var (_, firstState) = await first.ReadAsync();
        var (_, secondState) = await second.ReadAsync();

        Assert.True(await first.AppendAsync([CounterHost.Next(1)], 0, firstState));
        Assert.False(await second.AppendAsync([CounterHost.Next(99)], 0, secondState));

        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT COUNT(*) FROM stored_events WHERE aggregate_uuid = @s", ("@s", stream)));
        var (version, state) = await second.ReadAsync();
        Assert.Equal(1, version);
        Assert.Equal(1, state.Total);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_stream_of_another_kind_reads_as_no_aggregate_and_takes_no_append(bool withSnapshot)
    {
        // "MoneyAdded" events (EventStoreTestKit.Money) are not CounterEvents: another kind of aggregate owns this id.
        await using var store = CreateStore(db);
        var stream = NewStream();
        var hash = await AppendManyAsync(store, stream, 3);
        if (withSnapshot)
        {
            // The snapshot holds the other kind's state and no events follow it: only the stream's first event tells.
            var snapshotted = await store.AppendAsync(new AppendRequest(stream, 3, hash, Guid.NewGuid(), [Money(4)],
                new StreamSnapshot(3, """{"other_kind":true}"""), []));
            Assert.True(snapshotted.Appended);
            await db.ExecuteAsync("UPDATE snapshots SET aggregate_version = 4 WHERE aggregate_uuid = @s", ("@s", stream));
        }
        var expectedVersion = withSnapshot ? 4 : 3;

        var session = NewSession(store, stream);
        var (version, state) = await session.ReadAsync();

        Assert.True(session.HoldsAnotherKind);
        Assert.Equal(expectedVersion, version);
        Assert.Equal(0, state.Count);
        await Assert.ThrowsAsync<AppendRefusedException>(() => session.AppendAsync([CounterHost.Next(1)], version, state));
        Assert.Equal((long)expectedVersion, await db.ScalarAsync<long>("SELECT COUNT(*) FROM stored_events WHERE aggregate_uuid = @s", ("@s", stream)));

        // Neither an empty stream nor a stream of the grain's own kind is another kind's.
        var empty = NewSession(store, NewStream());
        await empty.ReadAsync();
        Assert.False(empty.HoldsAnotherKind);
    }

    [Theory]
    [InlineData("{\"version\": 5, \"last_hash\": null, \"state\": {\"total\": \"not a number\"}}")]   // the state's shape changed
    [InlineData("{\"version\": 5, \"last_hash\": null}")]                                             // the envelope is broken
    public async Task An_unreadable_snapshot_is_skipped_the_events_are_replayed_and_the_next_snapshot_replaces_it(string unreadable)
    {
        await using var store = CreateStore(db);
        var stream = NewStream();
        var writer = NewSession(store, stream, snapshotEvery: 5);
        var (version, state) = await writer.ReadAsync();
        for (var n = 1; n <= 7; n++)
        {
            Assert.True(await writer.AppendAsync([CounterHost.Next(n)], version, state));
            CounterHost.ApplyTo(state, CounterHost.Next(n));
            version++;
        }
        var snapshotRowId = await db.ScalarAsync<long>("SELECT id FROM snapshots WHERE aggregate_uuid = @s", ("@s", stream));
        await db.ExecuteAsync("UPDATE snapshots SET state = @state WHERE aggregate_uuid = @s", ("@state", unreadable), ("@s", stream));

        var recorder = new FlakyStore(store);
        var session = NewSession(recorder, stream, snapshotEvery: 5);
        var (readVersion, read) = await session.ReadAsync();

        Assert.Equal(7, readVersion);
        Assert.Equal(Json(state), Json(read));
        // The next snapshot (crossing 10) replaces the unreadable row in place, and a new activation reads it.
        for (var n = 8; n <= 10; n++)
        {
            Assert.True(await session.AppendAsync([CounterHost.Next(n)], readVersion, read));
            CounterHost.ApplyTo(read, CounterHost.Next(n));
            readVersion++;
        }
        Assert.Single(recorder.Sent, r => r.Snapshot is not null);
        Assert.Equal(snapshotRowId, await db.ScalarAsync<long>("SELECT id FROM snapshots WHERE aggregate_uuid = @s", ("@s", stream)));
        var fresh = await store.ReadStreamAsync(stream);
        Assert.Equal(9, fresh.Snapshot!.Version);
        Assert.Equal(Json(read), Json((await NewSession(store, stream, snapshotEvery: 5).ReadAsync()).Value));
    }

    [Fact]
    public async Task Events_the_store_refuses_for_good_are_dropped_once_instead_of_resubmitted_forever()
    {
        await using var store = CreateStore(db);
        var stream = NewStream();
        var session = NewSession(store, stream);
        var (version, state) = await session.ReadAsync();
        Assert.True(await session.AppendAsync([CounterHost.Next(1)], version, state));
        CounterHost.ApplyTo(state, CounterHost.Next(1));

        // Nested 40 levels deep: MariaDB's JSON check refuses documents deeper than 32, so this is never storable.
        var unstorable = new CounterNoted(JsonDocument.Parse(string.Concat(Enumerable.Repeat("[", 40)) + new string(']', 40)).RootElement);
        await Assert.ThrowsAsync<AppendRefusedException>(() => session.AppendAsync([unstorable], 1, state));

        // The adaptor's re-read sees the stream one step further, so it drops the refused (conditional) events ...
        var (phantom, same) = await session.ReadAsync();
        Assert.Equal(2, phantom);
        Assert.Equal(1, same.Total);
        // ... an append raised at that version is answered false, and the next read is the stream as it is.
        Assert.False(await session.AppendAsync([CounterHost.Next(2)], phantom, same));
        var (real, reread) = await session.ReadAsync();
        Assert.Equal(1, real);
        Assert.True(await session.AppendAsync([CounterHost.Next(2)], real, reread));

        Assert.Equal(2L, await db.ScalarAsync<long>("SELECT COUNT(*) FROM stored_events WHERE aggregate_uuid = @s", ("@s", stream)));
        Assert.Equal(3, (await NewSession(store, stream).ReadAsync()).Value.Total);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_append_with_an_unknown_outcome_is_written_exactly_once(bool committedBeforeTheFailure)
    {
        await using var real = CreateStore(db);
        var store = new FlakyStore(real) { FailNextAppend = true, CommitBeforeFailing = committedBeforeTheFailure };
        var stream = NewStream();
        var session = NewSession(store, stream);
        var (_, state) = await session.ReadAsync();
        var pending = new List<CounterEvent> { CounterHost.Next(1), CounterHost.Next(2) };

        await Assert.ThrowsAsync<IOException>(() => session.AppendAsync(pending, 0, state));
        var firstAppendId = store.Sent[0].AppendId;

        // The adaptor re-reads (with the state before the unsettled append), then re-submits its whole queue,
        // which meanwhile holds one more event.
        var (version, reread) = await session.ReadAsync();
        Assert.Equal(0, version);
        Assert.Equal(0, reread.Total);
        pending.Add(CounterHost.Next(3));
        Assert.True(await session.AppendAsync(pending, version, reread));

        Assert.Equal(3, session.Version);
        var rows = await real.ReadStreamAsync(stream);
        Assert.Equal([1, 2, 3], rows.Events.Select(e => e.Version));
        Assert.Equal([firstAppendId, firstAppendId], rows.Events.Take(2).Select(e => EventMetadataJson.ReadAppendId(e.MetadataJson)!.Value));
        Assert.Equal(6, (await NewSession(real, stream).ReadAsync()).Value.Total);
        var verifier = new HashChainVerifier(Options.Create(new EventStoreOptions { ConnectionString = db.ConnectionString }));
        Assert.True((await verifier.VerifyStreamAsync(stream)).IsValid);
        Assert.Equal(0, session.UnsettledAppends);
    }

    private async Task<CounterState> ReplayAllAsync(string stream)
    {
        var state = new CounterState();
        var codec = new CounterHost().Codec;
        await using var connection = await db.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT event_class, event_properties FROM stored_events WHERE aggregate_uuid = @s ORDER BY aggregate_version";
        command.Parameters.AddWithValue("@s", stream);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            CounterHost.ApplyTo(state, codec.Decode(reader.GetString(0), reader.GetString(1)));
        }
        return state;
    }

    private static string Json(CounterState state) => JsonSerializer.Serialize(state);

    /// <summary>Records every append; fails one on request the way a lost connection does: before or after the commit happened.</summary>
    private sealed class FlakyStore(IEventStore inner) : IEventStore
    {
        public bool FailNextAppend { get; set; }

        public bool CommitBeforeFailing { get; set; }

        public List<AppendRequest> Sent { get; } = [];

        public Task<StreamRead> ReadStreamAsync(string aggregateUuid, CancellationToken cancellationToken = default)
            => inner.ReadStreamAsync(aggregateUuid, cancellationToken);

        public Task<StreamRead> ReadStreamFromStartAsync(string aggregateUuid, CancellationToken cancellationToken = default)
            => inner.ReadStreamFromStartAsync(aggregateUuid, cancellationToken);

        public async Task<AppendResult> AppendAsync(AppendRequest request, CancellationToken cancellationToken = default)
        {
            Sent.Add(request);
            if (!FailNextAppend)
            {
                return await inner.AppendAsync(request, cancellationToken);
            }
            FailNextAppend = false;
            if (CommitBeforeFailing)
            {
                Assert.True((await inner.AppendAsync(request, cancellationToken)).Appended);
            }
            throw new IOException("connection lost while committing");
        }
    }
}

public sealed class CounterState
{
    public long Total { get; set; }

    public int Count { get; set; }

    public Dictionary<string, long> ByTag { get; set; } = [];

    public List<long> Recent { get; set; } = [];
}

public abstract record CounterEvent;

public sealed record CounterAdded(long Amount, string Tag) : CounterEvent;

public sealed record CounterTagged(string Tag) : CounterEvent;

/// <summary>A note the state ignores; a deep enough one is JSON the database refuses.</summary>
public sealed record CounterNoted(JsonElement Note) : CounterEvent;

internal sealed class CounterHost : IEventStreamHost<CounterState, CounterEvent>
{
    private static readonly JsonEventCodec<CounterEvent> SharedCodec = JsonEventCodec<CounterEvent>.Of(
        ("CounterAdded", typeof(CounterAdded)), ("CounterTagged", typeof(CounterTagged)), ("CounterNoted", typeof(CounterNoted)));

    public IEventCodec<CounterEvent> Codec => SharedCodec;

    public JsonSerializerOptions StateJsonOptions => StateSnapshotSerializer.DefaultOptions;

    public static CounterEvent Next(int n) => n % 4 == 0 ? new CounterTagged("t" + (n % 3)) : new CounterAdded(n, "t" + (n % 3));

    public static void ApplyTo(CounterState state, CounterEvent e)
    {
        switch (e)
        {
            case CounterAdded added:
                state.Total += added.Amount;
                state.Count++;
                state.ByTag[added.Tag] = state.ByTag.GetValueOrDefault(added.Tag) + added.Amount;
                state.Recent.Add(added.Amount);
                if (state.Recent.Count > 3)
                {
                    state.Recent.RemoveAt(0);
                }
                break;
            case CounterTagged tagged:
                state.ByTag.TryAdd(tagged.Tag, 0);
                break;
        }
    }

    public void Apply(CounterState state, CounterEvent e) => ApplyTo(state, e);

    public DateTimeOffset CreatedAtOf(CounterEvent e) => DateTimeOffset.UtcNow;

    public EventMetadata MetadataOf(CounterEvent e) => new(CorrelationId: "test");

    public IReadOnlyList<ReadModelWrite> ProjectReadModels(CounterState confirmedBefore, IReadOnlyList<CounterEvent> events) => [];
}
