using FinAegis.Grains.EventStore;
using FinAegis.Tests.Infrastructure;
using static FinAegis.Tests.EventStore.EventStoreTestKit;

namespace FinAegis.Tests.EventStore;

public sealed class GroupCommitTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Concurrent_appends_group_into_shared_transactions_keep_stream_order_and_isolate_a_stale_writer(int writers)
    {
        const int streams = 40;
        const int appendsPerStream = 12;
        await using var store = CreateStore(db, maxBatchRows: 200, writers: writers);
        var ids = Enumerable.Range(0, streams).Select(_ => NewStream()).ToList();
        var victim = ids[7];
        var staleResult = (Task<AppendResult>?)null;

        // Each stream appends one after another (each append needs the previous hash), all streams at once.
        async Task RunCounted(string stream, int index)
        {
            string? hash = null;
            var version = 0;
            for (var v = 0; v < appendsPerStream; v++)
            {
                var events = Enumerable.Range(0, 1 + ((index + v) % 3)).Select(i => Money((v * 10) + i)).ToArray();
                var result = await store.AppendAsync(new AppendRequest(stream, version, hash, Guid.NewGuid(), events, null, []));
                Assert.True(result.Appended, $"{stream} append {v}");
                hash = result.LastHash;
                version += events.Length;
                if (stream == victim && v == 3)
                {
                    // A second writer that still believes in version 1 races the others in the same batch window.
                    var staleHash = (await store.ReadStreamAsync(stream)).Events[0].MetadataJson;
                    staleResult = store.AppendAsync(new AppendRequest(stream, 1, EventMetadataJson.ReadHash(staleHash), Guid.NewGuid(), [Money(-1)], null, []));
                }
            }
        }

        await Task.WhenAll(ids.Select((s, i) => Task.Run(() => RunCounted(s, i))));

        Assert.NotNull(staleResult);
        Assert.False((await staleResult!).Appended);
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT COUNT(*) FROM stored_events WHERE aggregate_uuid = @s AND JSON_EXTRACT(event_properties, '$.amount') = -1", ("@s", victim)));

        for (var i = 0; i < streams; i++)
        {
            var expected = Enumerable.Range(0, appendsPerStream).Sum(v => 1 + ((i + v) % 3));
            var read = await store.ReadStreamAsync(ids[i]);
            Assert.Equal(Enumerable.Range(1, expected), read.Events.Select(e => e.Version));
            Assert.True(read.Events.Zip(read.Events.Skip(1)).All(p => p.First.Id < p.Second.Id), "row ids follow versions");
        }

        // Group commit happened: fewer transactions than appends, and some transaction carried several appends.
        Assert.True(store.Metrics.LargestBatchAppends > 1, $"largest batch {store.Metrics.LargestBatchAppends}");
        Assert.True(store.Metrics.Batches < store.Metrics.BatchedAppends, $"{store.Metrics.Batches} batches for {store.Metrics.BatchedAppends} appends");
    }

    [Fact]
    public async Task Two_writer_loops_woken_by_one_append_never_fault_on_an_empty_batch()
    {
        // Each append wakes both loops; the one that finds the queue already emptied by the other must just wait again
        // (it used to run an empty batch, fault, and drop its connection).
        await using var store = CreateStore(db, writers: 2);
        var stream = NewStream();

        await AppendManyAsync(store, stream, 40);

        Assert.Equal(0, store.Metrics.WriterFaults);
        Assert.Equal(40, (await store.ReadStreamAsync(stream)).Version);
    }

    [Fact]
    public async Task A_stale_append_inside_one_batch_fails_alone_and_the_rest_of_the_batch_commits()
    {
        await using var store = CreateStore(db);
        var victim = NewStream();
        var victimHash = await AppendManyAsync(store, victim, 2);
        var others = Enumerable.Range(0, 10).Select(_ => NewStream()).ToList();
        var fallbacksBefore = store.Metrics.Fallbacks;

        List<Task<AppendResult>> good;
        Task<AppendResult> fresh;
        Task<AppendResult> stale;
        using (store.PauseWriter())
        {
            good = others.Take(5).Select(s => store.AppendAsync(Append(s, 0, null, Money(1), Money(2)))).ToList();
            fresh = store.AppendAsync(Append(victim, 2, victimHash, Money(3)));
            stale = store.AppendAsync(Append(victim, 2, victimHash, Money(4)));  // same version, other writer
            good.AddRange(others.Skip(5).Select(s => store.AppendAsync(Append(s, 0, null, Money(1)))));
        }

        Assert.True((await fresh).Appended);
        Assert.False((await stale).Appended);
        Assert.All(await Task.WhenAll(good), r => Assert.True(r.Appended));
        Assert.Equal(fallbacksBefore + 1, store.Metrics.Fallbacks);
        var read = await store.ReadStreamAsync(victim);
        Assert.Equal(3, read.Version);
        Assert.Contains("\"amount\": 3", read.Events[^1].PropertiesJson);
    }

    [Fact]
    public async Task An_append_larger_than_the_batch_limit_is_still_written_whole()
    {
        await using var store = CreateStore(db, maxBatchRows: 5);
        var stream = NewStream();
        var events = Enumerable.Range(0, 23).Select(i => Money(i)).ToArray();
        Task<AppendResult> big;
        Task<AppendResult> small;
        using (store.PauseWriter())
        {
            small = store.AppendAsync(Append(NewStream(), 0, null, Money(1)));
            big = store.AppendAsync(Append(stream, 0, null, events));
        }
        Assert.True((await big).Appended);
        Assert.True((await small).Appended);
        Assert.Equal(23, (await store.ReadStreamAsync(stream)).Version);
    }
}
