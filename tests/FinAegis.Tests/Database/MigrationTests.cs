using FinAegis.Grains.Storage;
using FinAegis.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace FinAegis.Tests.Database;

public sealed class MigrationTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Default_assets_are_seeded()
    {
        var codes = await db.ScalarAsync<string>("SELECT GROUP_CONCAT(code ORDER BY code) FROM assets");
        Assert.Equal("BTC,ETH,EUR,GBP,USD,XAG,XAU", codes);
        Assert.Equal(8L, await db.ScalarAsync<long>("SELECT `precision` FROM assets WHERE code = 'BTC'"));
    }

    [Fact]
    public async Task Migrating_again_changes_nothing()
    {
        var before = await db.ScalarAsync<long>("SELECT COUNT(*) FROM migrations");
        await DatabaseMigrator.MigrateAsync(db.ConnectionString, NullLogger.Instance);
        Assert.Equal(before, await db.ScalarAsync<long>("SELECT COUNT(*) FROM migrations"));
    }

    [Fact]
    public async Task A_negative_balance_is_refused_by_the_database()
    {
        await db.ExecuteAsync("INSERT INTO accounts (uuid, user_uuid, name) VALUES ('00000000-0000-0000-0000-0000000000c1', '00000000-0000-0000-0000-000000000001', 'c')");
        var error = await Assert.ThrowsAnyAsync<Exception>(() => db.ExecuteAsync(
            "INSERT INTO account_balances (account_uuid, asset_code, balance) VALUES ('00000000-0000-0000-0000-0000000000c1', 'USD', -1)"));
        Assert.Contains("account_balances_not_negative", error.Message);
    }
}
