using FinAegis.Grains.EventStore;
using FinAegis.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FinAegis.Tests.EventStore;

/// <summary>Builds stores, streams and events for the event-store tests.</summary>
internal static class EventStoreTestKit
{
    /// <param name="writers">One writer loop by default, so that what a paused writer collects is one batch.</param>
    public static MySqlEventStore CreateStore(TestDatabase db, int maxBatchRows = 1000, int writers = 1)
        => new(Options.Create(new EventStoreOptions { ConnectionString = db.ConnectionString, MaxBatchRows = maxBatchRows, Writers = writers }),
            NullLogger<MySqlEventStore>.Instance);

    public static string NewStream() => Guid.NewGuid().ToString();

    public static NewEvent Money(long amount, DateTimeOffset? at = null, EventMetadata? metadata = null)
        => new("MoneyAdded", $$"""{"amount": {{amount}}, "asset_code": "USD", "note": "caf\u00e9 \"x\""}""",
            at ?? DateTimeOffset.UtcNow, metadata ?? new EventMetadata());

    public static AppendRequest Append(string stream, int expectedVersion, string? previousHash, params NewEvent[] events)
        => new(stream, expectedVersion, previousHash, Guid.NewGuid(), events, null, []);

    /// <summary>Appends one event after another and returns the last hash.</summary>
    public static async Task<string?> AppendManyAsync(IEventStore store, string stream, int count)
    {
        string? hash = null;
        for (var i = 0; i < count; i++)
        {
            var result = await store.AppendAsync(Append(stream, i, hash, Money(i + 1)));
            Assert.True(result.Appended);
            hash = result.LastHash;
        }
        return hash;
    }
}
