using FinAegis.Tests.Infrastructure;
using MySqlConnector;

namespace FinAegis.Tests.Database;

/// <summary>The OrleansQuery rows we wrote ourselves, where concurrency matters.</summary>
public sealed class OrleansMembershipQueryTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    /// <summary>Silos starting together all create their cluster's version row: one wins, none fails (no deadlock).</summary>
    [Fact]
    public async Task Concurrent_version_row_inserts_create_one_row_and_never_fail()
    {
        var query = await db.ScalarAsync<string>("SELECT QueryText FROM OrleansQuery WHERE QueryKey = 'InsertMembershipVersionKey'");
        Assert.NotNull(query);
        for (var round = 0; round < 20; round++)
        {
            var deployment = "cluster-" + Guid.NewGuid().ToString("N");
            var created = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
            {
                await using var connection = await db.OpenAsync();
                await using var command = new MySqlCommand(query, connection);
                command.Parameters.AddWithValue("@DeploymentId", deployment);
                return Convert.ToInt64(await command.ExecuteScalarAsync());
            }));
            Assert.Equal(1, created.Count(c => c == 1));
            Assert.Equal(1L, await db.ScalarAsync<long>("SELECT COUNT(*) FROM OrleansMembershipVersionTable WHERE DeploymentId = @d", ("@d", deployment)));
        }
    }
}
