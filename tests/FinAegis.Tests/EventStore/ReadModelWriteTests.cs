using FinAegis.Grains.EventStore;
using FinAegis.Tests.Infrastructure;
using static FinAegis.Tests.EventStore.EventStoreTestKit;

namespace FinAegis.Tests.EventStore;

public sealed class ReadModelWriteTests(TestDatabase db) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    // Defined in the "wrong" order on purpose: the child row references the parent, so it only works if the writer
    // runs statements by ascending Order.
    private static readonly ReadModelStatement Child = new("rm_child", 20,
        "INSERT INTO rm_child (stream_uuid, parent_uuid) VALUES", 2, "ON DUPLICATE KEY UPDATE parent_uuid = VALUES(parent_uuid)");

    private static readonly ReadModelStatement Totals = new("rm_totals", 10,
        "INSERT INTO rm_totals (stream_uuid, total) VALUES", 2, "ON DUPLICATE KEY UPDATE total = VALUES(total)");

    public Task InitializeAsync() => db.ExecuteAsync("""
        CREATE TABLE IF NOT EXISTS rm_totals (stream_uuid char(36) PRIMARY KEY, total bigint NOT NULL, CONSTRAINT rm_totals_not_negative CHECK (total >= 0)) ENGINE=InnoDB;
        CREATE TABLE IF NOT EXISTS rm_child (stream_uuid char(36) PRIMARY KEY, parent_uuid char(36) NOT NULL,
          CONSTRAINT rm_child_parent FOREIGN KEY (parent_uuid) REFERENCES rm_totals (stream_uuid)) ENGINE=InnoDB;
        """);

    public Task DisposeAsync() => Task.CompletedTask;

    private static AppendRequest WithTotal(string stream, int expectedVersion, string? previousHash, long total)
        => new(stream, expectedVersion, previousHash, Guid.NewGuid(), [Money(total)], null,
            [new ReadModelWrite(Child, [stream, stream]), new ReadModelWrite(Totals, [stream, total])]);

    private Task<long> TotalOf(string stream)
        => db.ScalarAsync<long>("SELECT COALESCE(MAX(total), -99) FROM rm_totals WHERE stream_uuid = @s", ("@s", stream));

    private Task<long> EventsOf(string stream)
        => db.ScalarAsync<long>("SELECT COUNT(*) FROM stored_events WHERE aggregate_uuid = @s", ("@s", stream));

    [Fact]
    public async Task Read_model_rows_commit_with_their_events_in_statement_order()
    {
        await using var store = CreateStore(db);
        var stream = NewStream();
        var first = await store.AppendAsync(WithTotal(stream, 0, null, 10));
        var second = await store.AppendAsync(WithTotal(stream, 1, first.LastHash, 25));

        Assert.True(first.Appended && second.Appended);
        Assert.Equal(25L, await TotalOf(stream));
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT COUNT(*) FROM rm_child WHERE stream_uuid = @s", ("@s", stream)));
    }

    [Fact]
    public async Task A_stale_append_leaves_no_read_model_row()
    {
        await using var store = CreateStore(db);
        var stream = NewStream();
        await AppendManyAsync(store, stream, 1);

        var stale = await store.AppendAsync(WithTotal(stream, 0, null, 10));

        Assert.False(stale.Appended);
        Assert.Equal(-99L, await TotalOf(stream));
        Assert.Equal(1L, await EventsOf(stream));
    }

    [Fact]
    public async Task A_refused_read_model_row_fails_only_its_own_append_and_rolls_back_its_events()
    {
        await using var store = CreateStore(db);
        var good = Enumerable.Range(0, 8).Select(_ => NewStream()).ToList();
        var bad = NewStream();

        Task<AppendResult> badTask;
        List<Task<AppendResult>> goodTasks;
        using (store.PauseWriter())
        {
            goodTasks = good.Take(4).Select(s => store.AppendAsync(WithTotal(s, 0, null, 7))).ToList();
            badTask = store.AppendAsync(WithTotal(bad, 0, null, -1));   // violates rm_totals_not_negative
            goodTasks.AddRange(good.Skip(4).Select(s => store.AppendAsync(WithTotal(s, 0, null, 7))));
        }

        var refused = await Assert.ThrowsAsync<AppendRefusedException>(() => badTask);
        Assert.Equal(bad, refused.AggregateUuid);
        Assert.IsType<MySqlConnector.MySqlException>(refused.InnerException);
        foreach (var task in goodTasks)
        {
            Assert.True((await task).Appended);
        }
        Assert.Equal(0L, await EventsOf(bad));
        Assert.Equal(-99L, await TotalOf(bad));
        foreach (var stream in good)
        {
            Assert.Equal(1L, await EventsOf(stream));
            Assert.Equal(7L, await TotalOf(stream));
        }
        Assert.True(store.Metrics.Fallbacks >= 1);
    }
}
