using FinAegis.Grains.EventStore;
using FinAegis.Tests.Infrastructure;
using static FinAegis.Tests.EventStore.EventStoreTestKit;

namespace FinAegis.Tests.EventStore;

/// <summary>
/// With two writer loops, two transactions can deadlock on read-model rows. InnoDB then rolls one back whole; the
/// writer must write that batch again (not report the append as refused, which would wedge its grain).
/// </summary>
public sealed class WriterDeadlockTests(TestDatabase db) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private static readonly ReadModelStatement Locked = new("deadlock_rows", 10,
        "INSERT INTO deadlock_rows (k, v) VALUES", 2, "ON DUPLICATE KEY UPDATE v = VALUES(v)");

    public Task InitializeAsync() => db.ExecuteAsync("""
        CREATE TABLE IF NOT EXISTS deadlock_rows (k int PRIMARY KEY, v bigint NOT NULL) ENGINE=InnoDB;
        CREATE TABLE IF NOT EXISTS deadlock_ballast (id int AUTO_INCREMENT PRIMARY KEY, pad varchar(100) NOT NULL) ENGINE=InnoDB;
        """);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_batch_chosen_as_deadlock_victim_is_written_again_exactly_once()
    {
        var a = Random.Shared.Next(1, 1_000_000) * 2;
        var b = a + 1;
        await db.ExecuteAsync("INSERT INTO deadlock_rows (k, v) VALUES (@a, 0), (@b, 0)", ("@a", a), ("@b", b));
        await using var store = CreateStore(db, writers: 2);
        var stream = NewStream();

        // Another transaction, heavy (so that InnoDB picks the writer's as the victim), holds row b.
        await using var other = await db.OpenAsync();
        await Run(other, "START TRANSACTION");
        await Run(other, """
            INSERT INTO deadlock_ballast (pad)
            WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 900) SELECT REPEAT('x', 100) FROM n
            """);
        await Run(other, $"SELECT v FROM deadlock_rows WHERE k = {b} FOR UPDATE");

        // The writer upserts a, then waits for b.
        var append = store.AppendAsync(new AppendRequest(stream, 0, null, Guid.NewGuid(), [Money(1)], null,
            [new ReadModelWrite(Locked, [a, 1L]), new ReadModelWrite(Locked, [b, 1L])]));
        await Eventually.RetryAsync(async () =>
        {
            Assert.True(await db.ScalarAsync<long>("SELECT COUNT(*) FROM information_schema.innodb_trx WHERE trx_state = 'LOCK WAIT'") >= 1);
            return true;
        }, seconds: 20);

        // Now the other transaction asks for a, which the writer holds: a cycle. The writer's transaction is rolled back,
        // this update goes through, and the writer's retry waits for the commit below.
        await Run(other, $"UPDATE deadlock_rows SET v = 5 WHERE k = {a}");
        await Run(other, "COMMIT");

        var result = await append.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(result.Appended);
        Assert.True(store.Metrics.Deadlocks >= 1, "the writer's batch was never a deadlock victim");
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT COUNT(*) FROM stored_events WHERE aggregate_uuid = @s", ("@s", stream)));
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT v FROM deadlock_rows WHERE k = @k", ("@k", a)));
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT v FROM deadlock_rows WHERE k = @k", ("@k", b)));
    }

    private static async Task Run(MySqlConnector.MySqlConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
