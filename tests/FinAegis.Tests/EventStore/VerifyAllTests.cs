using FinAegis.Grains.EventStore;
using FinAegis.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using static FinAegis.Tests.EventStore.EventStoreTestKit;

namespace FinAegis.Tests.EventStore;

/// <summary>Whole-table verification, in a database of its own so other tests' tampering cannot interfere.</summary>
public sealed class VerifyAllTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Verifying_every_stream_counts_all_events_then_names_the_first_tampered_stream()
    {
        await using var store = CreateStore(db);
        var streams = Enumerable.Range(0, 3).Select(_ => NewStream()).Order(StringComparer.Ordinal).ToList();
        foreach (var stream in streams)
        {
            await AppendManyAsync(store, stream, 4);
        }
        var verifier = new HashChainVerifier(Options.Create(new EventStoreOptions { ConnectionString = db.ConnectionString }));
        var reports = new List<ChainVerificationProgress>();

        var clean = await verifier.VerifyAllAsync(new SynchronousProgress(reports.Add));

        Assert.True(clean.IsValid, clean.FirstFailure?.Detail);
        Assert.Equal(3, clean.StreamsChecked);
        Assert.Equal(12, clean.EventsChecked);
        Assert.Equal(12, reports[^1].EventsChecked);

        await db.ExecuteAsync("UPDATE stored_events SET event_class = 'MoneySubtracted' WHERE aggregate_uuid = @s AND aggregate_version = 4", ("@s", streams[1]));
        var tampered = await verifier.VerifyAllAsync();

        Assert.Equal(streams[1], tampered.FirstFailure!.AggregateUuid);
        Assert.Equal(4, tampered.FirstFailure.Version);
        Assert.Equal(ChainFailureKind.HashMismatch, tampered.FirstFailure.Kind);
    }

    private sealed class SynchronousProgress(Action<ChainVerificationProgress> report) : IProgress<ChainVerificationProgress>
    {
        public void Report(ChainVerificationProgress value) => report(value);
    }
}
