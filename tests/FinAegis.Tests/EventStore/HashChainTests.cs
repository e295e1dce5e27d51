using FinAegis.Grains.EventStore;
using FinAegis.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using static FinAegis.Tests.EventStore.EventStoreTestKit;

namespace FinAegis.Tests.EventStore;

public sealed class HashChainTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    private HashChainVerifier Verifier => new(Options.Create(new EventStoreOptions { ConnectionString = db.ConnectionString }));

    [Fact]
    public async Task An_untouched_stream_verifies_and_its_chain_continues_across_appends()
    {
        await using var store = CreateStore(db);
        var stream = NewStream();
        await AppendManyAsync(store, stream, 4);

        var result = await Verifier.VerifyStreamAsync(stream);

        Assert.True(result.IsValid, result.FirstFailure?.Detail);
        Assert.Equal(4, result.EventsChecked);
    }

    [Fact]
    public async Task A_changed_amount_is_named_by_stream_and_version()
    {
        await using var store = CreateStore(db);
        var stream = NewStream();
        await AppendManyAsync(store, stream, 5);
        var rowId = await db.ScalarAsync<long>("SELECT id FROM stored_events WHERE aggregate_uuid = @s AND aggregate_version = 3", ("@s", stream));
        await db.ExecuteAsync("UPDATE stored_events SET event_properties = JSON_SET(event_properties, '$.amount', 1000000) WHERE id = @id", ("@id", rowId));

        var result = await Verifier.VerifyStreamAsync(stream);

        Assert.False(result.IsValid);
        Assert.Equal(stream, result.FirstFailure!.AggregateUuid);
        Assert.Equal(3, result.FirstFailure.Version);
        Assert.Equal(rowId, result.FirstFailure.RowId);
        Assert.Equal(ChainFailureKind.HashMismatch, result.FirstFailure.Kind);
    }

    [Fact]
    public async Task A_deleted_event_is_reported_as_a_gap()
    {
        await using var store = CreateStore(db);
        var stream = NewStream();
        await AppendManyAsync(store, stream, 5);
        await db.ExecuteAsync("DELETE FROM stored_events WHERE aggregate_uuid = @s AND aggregate_version = 2", ("@s", stream));

        var result = await Verifier.VerifyStreamAsync(stream);

        Assert.Equal(ChainFailureKind.VersionGap, result.FirstFailure!.Kind);
        Assert.Equal(stream, result.FirstFailure.AggregateUuid);
        Assert.Equal(2, result.FirstFailure.Version);
    }

    [Fact]
    public async Task Re_formatting_the_stored_json_the_way_MySQL_8_does_keeps_the_chain_valid()
    {
        await using var store = CreateStore(db);
        var stream = NewStream();
        await AppendManyAsync(store, stream, 3);
        // MySQL 8 hands stored JSON back with keys re-ordered, its own spacing and escaping; emulate that on MariaDB.
        await db.ExecuteAsync("""UPDATE stored_events SET event_properties = '{ "note" : "café \\"x\\"", "asset_code":"USD","amount":2}' WHERE aggregate_uuid = @s AND aggregate_version = 2""", ("@s", stream));
        Assert.StartsWith("{ \"note\"", await db.ScalarAsync<string>("SELECT event_properties FROM stored_events WHERE aggregate_uuid = @s AND aggregate_version = 2", ("@s", stream)));

        var result = await Verifier.VerifyStreamAsync(stream);

        Assert.True(result.IsValid, result.FirstFailure?.Detail);
    }
}
