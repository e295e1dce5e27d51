using System.Text.Json;
using FinAegis.Grains.EventStore;
using FinAegis.Tests.Infrastructure;
using static FinAegis.Tests.EventStore.EventStoreTestKit;

namespace FinAegis.Tests.EventStore;

public sealed class AppendAndReadTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Appended_events_read_back_in_order_with_properties_metadata_and_microsecond_times()
    {
        await using var store = CreateStore(db);
        var stream = NewStream();
        var operation = Guid.NewGuid();
        var user = Guid.NewGuid();
        var t1 = new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.FromHours(2)).AddTicks(1234567);
        var first = new NewEvent("AccountCreated", """{"name":"Main","user_uuid":"u-1"}""", t1, new EventMetadata(operation, user, "corr-1"));
        var second = Money(250, t1.AddSeconds(1));
        var appendId = Guid.NewGuid();

        var result = await store.AppendAsync(new AppendRequest(stream, 0, null, appendId, [first, second], null, []));
        Assert.True(result.Appended);

        var read = await store.ReadStreamAsync(stream);
        Assert.Null(read.Snapshot);
        Assert.Equal(2, read.Version);
        Assert.Equal([1, 2], read.Events.Select(e => e.Version));
        Assert.Equal(["AccountCreated", "MoneyAdded"], read.Events.Select(e => e.EventClass));
        Assert.True(read.Events[0].Id < read.Events[1].Id);
        Assert.Equal(CanonicalJson.Canonicalize(first.PropertiesJson), CanonicalJson.Canonicalize(read.Events[0].PropertiesJson));
        Assert.Equal(CanonicalJson.Canonicalize(second.PropertiesJson), CanonicalJson.Canonicalize(read.Events[1].PropertiesJson));
        // timestamp(6) keeps microseconds, in UTC, whatever offset the caller used.
        Assert.Equal(t1.UtcDateTime.Ticks / 10, read.Events[0].CreatedAt.UtcTicks / 10);
        Assert.Equal(TimeSpan.Zero, read.Events[0].CreatedAt.Offset);

        using var meta = JsonDocument.Parse(read.Events[0].MetadataJson);
        Assert.Equal(operation, meta.RootElement.GetProperty("operation_id").GetGuid());
        Assert.Equal(user, meta.RootElement.GetProperty("user_uuid").GetGuid());
        Assert.Equal("corr-1", meta.RootElement.GetProperty("correlation_id").GetString());
        Assert.Equal(appendId, meta.RootElement.GetProperty("append_id").GetGuid());
        Assert.Equal(64, meta.RootElement.GetProperty("hash").GetString()!.Length);
        Assert.False(JsonDocument.Parse(read.Events[1].MetadataJson).RootElement.TryGetProperty("operation_id", out _));

        Assert.Equal(result.LastHash, read.LastHash);
        Assert.Equal(EventMetadataJson.ReadHash(read.Events[1].MetadataJson), read.LastHash);
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT MIN(event_version) FROM stored_events WHERE aggregate_uuid = @s", ("@s", stream)));
    }

    [Fact]
    public async Task An_empty_stream_reads_as_version_zero()
    {
        await using var store = CreateStore(db);
        var read = await store.ReadStreamAsync(NewStream());
        Assert.Equal(0, read.Version);
        Assert.Empty(read.Events);
        Assert.Null(read.LastHash);
        Assert.Null(read.Snapshot);
    }

    [Fact]
    public async Task A_stale_expected_version_returns_false_and_writes_nothing()
    {
        await using var store = CreateStore(db);
        var stream = NewStream();
        var hash = await AppendManyAsync(store, stream, 3);

        var stale = new AppendRequest(stream, 1, "whatever", Guid.NewGuid(), [Money(999), Money(998)], new StreamSnapshot(3, """{"x":1}"""), []);
        var result = await store.AppendAsync(stale);

        Assert.False(result.Appended);
        Assert.Equal(3L, await db.ScalarAsync<long>("SELECT COUNT(*) FROM stored_events WHERE aggregate_uuid = @s", ("@s", stream)));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT COUNT(*) FROM snapshots WHERE aggregate_uuid = @s", ("@s", stream)));
        var read = await store.ReadStreamAsync(stream);
        Assert.Equal(3, read.Version);
        Assert.Equal(hash, read.LastHash);
    }

    [Fact]
    public async Task A_snapshot_that_replaces_the_stored_one_updates_its_row_in_place_and_never_goes_back_in_version()
    {
        await using var store = CreateStore(db);
        var stream = NewStream();
        var hash = await AppendManyAsync(store, stream, 2);

        async Task<string?> AppendWithSnapshotAsync(int expectedVersion, string? previousHash, StreamSnapshot snapshot)
        {
            var result = await store.AppendAsync(new AppendRequest(stream, expectedVersion, previousHash, Guid.NewGuid(), [Money(1)], snapshot, []));
            Assert.True(result.Appended);
            return result.LastHash;
        }
        async Task<(long Id, long Version, long Rows)> SnapshotRowAsync() => (
            await db.ScalarAsync<long>("SELECT COALESCE(MAX(id), 0) FROM snapshots WHERE aggregate_uuid = @s", ("@s", stream)),
            await db.ScalarAsync<long>("SELECT COALESCE(MAX(aggregate_version), 0) FROM snapshots WHERE aggregate_uuid = @s", ("@s", stream)),
            await db.ScalarAsync<long>("SELECT COUNT(*) FROM snapshots WHERE aggregate_uuid = @s", ("@s", stream)));

        hash = await AppendWithSnapshotAsync(2, hash, new StreamSnapshot(2, """{"at":2}"""));
        var first = await SnapshotRowAsync();
        Assert.Equal(2, first.Version);

        var hashAt3 = hash;
        hash = await AppendWithSnapshotAsync(3, hash, new StreamSnapshot(3, """{"at":3}""", ReplacesStored: true));
        Assert.Equal((first.Id, 3L, 1L), await SnapshotRowAsync());
        Assert.Equal("""{"at":3}""", (await store.ReadStreamAsync(stream)).Snapshot!.StateJson);
        // The row holds the whole envelope (the server assembles it from its opening and the state JSON).
        using (var envelope = JsonDocument.Parse((await db.ScalarAsync<string>("SELECT state FROM snapshots WHERE aggregate_uuid = @s", ("@s", stream)))!))
        {
            Assert.Equal(3, envelope.RootElement.GetProperty("version").GetInt32());
            Assert.Equal(hashAt3, envelope.RootElement.GetProperty("last_hash").GetString());
            Assert.True(JsonElement.DeepEquals(JsonDocument.Parse("""{"at":3}""").RootElement, envelope.RootElement.GetProperty("state")));
        }

        // A stored snapshot newer than the one being written (never expected: defensive, like the upsert's guard) stays.
        await using (var connection = await db.OpenAsync())
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE snapshots SET aggregate_version = 99 WHERE aggregate_uuid = @s";
            command.Parameters.AddWithValue("@s", stream);
            await command.ExecuteNonQueryAsync();
        }
        await AppendWithSnapshotAsync(4, hash, new StreamSnapshot(4, """{"at":4}""", ReplacesStored: true));
        Assert.Equal((first.Id, 99L, 1L), await SnapshotRowAsync());
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT COUNT(*) FROM snapshots WHERE aggregate_uuid = @s AND state LIKE '%\"at\":3%'", ("@s", stream)));
    }

    [Fact]
    public async Task A_replacing_snapshot_whose_row_is_gone_writes_no_snapshot_and_the_events_still_commit()
    {
        await using var store = CreateStore(db);
        var stream = NewStream();
        var hash = await AppendManyAsync(store, stream, 2);

        var result = await store.AppendAsync(new AppendRequest(stream, 2, hash, Guid.NewGuid(), [Money(1)],
            new StreamSnapshot(2, """{"at":2}""", ReplacesStored: true), []));

        Assert.True(result.Appended);
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT COUNT(*) FROM snapshots WHERE aggregate_uuid = @s", ("@s", stream)));
        var read = await store.ReadStreamAsync(stream);
        Assert.Null(read.Snapshot);
        Assert.Equal(3, read.Version);
    }

    [Fact]
    public async Task Repeating_an_append_with_the_same_append_id_does_not_duplicate_it()
    {
        await using var store = CreateStore(db);
        var stream = NewStream();
        var hash = await AppendManyAsync(store, stream, 2);
        var request = new AppendRequest(stream, 2, hash, Guid.NewGuid(), [Money(5), Money(6), Money(7)], null, []);

        var first = await store.AppendAsync(request);
        // The caller saw an exception (commit outcome unknown) and retries the very same append.
        var again = await store.AppendAsync(request with { Events = [Money(5), Money(6), Money(7)] });
        var other = await store.AppendAsync(request with { AppendId = Guid.NewGuid() });

        Assert.True(first.Appended);
        Assert.True(again.Appended);
        Assert.Equal(first.LastHash, again.LastHash);
        Assert.False(other.Appended);
        Assert.Equal(5L, await db.ScalarAsync<long>("SELECT COUNT(*) FROM stored_events WHERE aggregate_uuid = @s", ("@s", stream)));
        Assert.Equal(5, (await store.ReadStreamAsync(stream)).Version);
    }

    [Fact]
    public async Task A_retry_of_a_committed_first_append_answers_true_without_writing()
    {
        await using var store = CreateStore(db);
        var stream = NewStream();
        await AppendManyAsync(store, stream, 1);
        var original = await store.ReadStreamAsync(stream);
        var appendId = EventMetadataJson.ReadAppendId(original.Events[0].MetadataJson)!.Value;

        // The stream's first append, sent again: the row at version 1 carries its append id, so it is a retry.
        var retry = await store.AppendAsync(new AppendRequest(stream, 0, null, appendId, [Money(1)], null, []));
        Assert.True(retry.Appended);
        Assert.Equal(original.LastHash, retry.LastHash);
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT COUNT(*) FROM stored_events WHERE aggregate_uuid = @s", ("@s", stream)));
    }

    [Fact]
    public async Task A_malformed_append_faults_without_touching_the_database()
    {
        await using var store = CreateStore(db);
        var stream = NewStream();
        await Assert.ThrowsAsync<ArgumentException>(() => store.AppendAsync(Append(stream, 1, null, Money(1))));
        await Assert.ThrowsAsync<AppendRefusedException>(() => store.AppendAsync(Append(stream, 0, null, new NewEvent("X", "{not json", DateTimeOffset.UtcNow, new EventMetadata()))));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT COUNT(*) FROM stored_events WHERE aggregate_uuid = @s", ("@s", stream)));
    }
}
