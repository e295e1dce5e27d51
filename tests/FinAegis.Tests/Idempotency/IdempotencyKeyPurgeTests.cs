using System.Net;
using System.Net.Sockets;
using FinAegis.Grains.Idempotency;
using FinAegis.Grains.Storage;
using FinAegis.Silo.Hosting;
using FinAegis.Tests.Infrastructure;
using FinAegis.Tests.Operations;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FinAegis.Tests.Idempotency;

/// <summary>
/// The purge of `idempotency_keys` against a database of this class's own, so every row and count is the test's:
/// rows past the retention go, younger ones stay, batches loop, the rows are counted, a real silo runs it by itself.
/// </summary>
public sealed class IdempotencyKeyPurgeTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Rows_older_than_the_retention_are_deleted_in_batches_and_younger_rows_are_kept()
    {
        // Exact counts below: start from an empty table (the class's own database; its tests run one at a time).
        await database.ExecuteAsync("DELETE FROM idempotency_keys");
        var user = Guid.NewGuid();
        var now = DateTime.UtcNow;
        var old = new[] { now.AddDays(-30), now.AddHours(-25), now.AddHours(-24).AddMinutes(-1), now.AddHours(-24).AddSeconds(-5), now.AddHours(-48) };
        var young = new[] { now.AddHours(-23).AddMinutes(-59), now.AddHours(-1), now };
        for (var i = 0; i < old.Length; i++)
        {
            await InsertKeyAsync(user, $"old-{i}", old[i]);
        }
        for (var i = 0; i < young.Length; i++)
        {
            await InsertKeyAsync(user, $"young-{i}", young[i]);
        }
        var metrics = new IdempotencyMetrics();
        // Batches of two: five old rows take three DELETEs, the last one short.
        var purge = NewPurge(new IdempotencyPurgeOptions { BatchSize = 2 }, metrics);

        Assert.Equal(old.Length, await purge.PurgeOnceAsync());

        Assert.Equal(old.Length, metrics.Purged);
        Assert.Equal(0L, await CountAsync(user, "old-%"));
        Assert.Equal(young.Length, await CountAsync(user, "young-%"));
        Assert.Equal(0, await purge.PurgeOnceAsync());
        Assert.Equal(young.Length, await CountAsync(user, "young-%"));
    }

    [Fact]
    public async Task A_longer_retention_keeps_rows_a_day_old()
    {
        var user = Guid.NewGuid();
        await InsertKeyAsync(user, "two-days", DateTime.UtcNow.AddHours(-50));
        await InsertKeyAsync(user, "four-days", DateTime.UtcNow.AddHours(-96));
        var purge = NewPurge(new IdempotencyPurgeOptions { Retention = TimeSpan.FromHours(72) }, new IdempotencyMetrics());

        await purge.PurgeOnceAsync();

        Assert.Equal(1L, await CountAsync(user, "two-days"));
        Assert.Equal(0L, await CountAsync(user, "four-days"));
    }

    [Fact]
    public async Task The_delete_walks_the_created_at_index()
    {
        // The purge's WHERE created_at < ? ORDER BY created_at needs this index, or every pass would scan the table.
        Assert.Equal(1L, await database.ScalarAsync<long>("""
            SELECT COUNT(*) FROM information_schema.STATISTICS
            WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'idempotency_keys' AND COLUMN_NAME = 'created_at' AND SEQ_IN_INDEX = 1
            """));
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN DELETE FROM idempotency_keys WHERE created_at < @cutoff ORDER BY created_at LIMIT 1000";
        command.Parameters.AddWithValue("@cutoff", DateTime.UtcNow.AddHours(-24));
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("idempotency_keys_created_at_index", reader["key"] as string);
    }

    [Fact]
    public async Task A_silo_purges_by_itself_at_the_configured_interval_and_exports_the_count()
    {
        var user = Guid.NewGuid();
        await InsertKeyAsync(user, "expired", DateTime.UtcNow.AddHours(-30));
        await InsertKeyAsync(user, "fresh", DateTime.UtcNow.AddHours(-2));

        await using var silo = new WebApplicationFactory<SiloSettings>().WithWebHostBuilder(web =>
        {
            web.UseSetting("FINAEGIS_MYSQL", database.ConnectionString);
            web.UseSetting("FINAEGIS_CLUSTER_ID", $"purge-{Guid.NewGuid():N}");
            web.UseSetting("FINAEGIS_SILO_PORT", FreePort());
            web.UseSetting("FINAEGIS_GATEWAY_PORT", FreePort());
            web.UseSetting("FINAEGIS_IDEMPOTENCY_PURGE_INTERVAL_SECONDS", "0.2");
        });
        var management = silo.CreateClient();

        var remaining = await PollAsync(() => CountAsync(user, "expired"), count => count == 0);
        Assert.Equal(0L, remaining);
        Assert.Equal(1L, await CountAsync(user, "fresh"));
        // The purge counts its rows after their DELETE committed, so the count may trail the table by a moment.
        var metrics = silo.Services.GetRequiredService<IdempotencyMetrics>();
        Assert.True(await PollAsync(() => Task.FromResult(metrics.Purged), purged => purged >= 1) >= 1);
        await MetricsScrape.WaitForAsync(management, "/metrics", "finaegis_idempotency_keys_purged_total");
    }

    [Fact]
    public async Task A_retention_under_24_hours_is_refused_at_start()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton(new DatabaseSettings(database.ConnectionString));
        builder.Services.AddIdempotencyKeyPurge(options => options.Retention = TimeSpan.FromHours(23.9));
        using var host = builder.Build();
        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("24 hours", refused.Message);

        var accepted = Host.CreateApplicationBuilder();
        accepted.Services.AddSingleton(new DatabaseSettings(database.ConnectionString));
        accepted.Services.AddIdempotencyKeyPurge(options => options.Retention = TimeSpan.FromHours(24));
        using var fine = accepted.Build();
        await fine.StartAsync();
        await fine.StopAsync();
    }

    [Theory]
    [InlineData("23", false)]
    [InlineData("0", false)]
    [InlineData("-24", false)]
    [InlineData("24", true)]
    [InlineData("48", true)]
    public void The_silo_setting_refuses_a_retention_under_24_hours(string hours, bool valid)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["FINAEGIS_MYSQL"] = "Server=localhost",
            ["FINAEGIS_IDEMPOTENCY_RETENTION_HOURS"] = hours,
        }).Build();
        if (valid)
        {
            var options = new IdempotencyPurgeOptions();
            SiloSettings.From(configuration).ConfigureIdempotencyPurge(options);
            Assert.Equal(TimeSpan.FromHours(double.Parse(hours, System.Globalization.CultureInfo.InvariantCulture)), options.Retention);
        }
        else
        {
            var refused = Assert.Throws<System.ComponentModel.DataAnnotations.ValidationException>(() => SiloSettings.From(configuration));
            Assert.Contains("IdempotencyRetentionHours", refused.Message);
        }
    }

    private IdempotencyKeyPurge NewPurge(IdempotencyPurgeOptions options, IdempotencyMetrics metrics) =>
        new(new DatabaseSettings(database.ConnectionString), Options.Create(options), metrics, NullLogger<IdempotencyKeyPurge>.Instance);

    private Task<int> InsertKeyAsync(Guid user, string key, DateTime createdAt) => database.ExecuteAsync(
        "INSERT INTO idempotency_keys (user_uuid, idempotency_key, request_hash, result_json, created_at) VALUES (@u, @k, @h, '{}', @c)",
        ("@u", user.ToString()), ("@k", key), ("@h", new string('0', 64)), ("@c", createdAt));

    private Task<long> CountAsync(Guid user, string keyPattern) => database.ScalarAsync<long>(
        "SELECT COUNT(*) FROM idempotency_keys WHERE user_uuid = @u AND idempotency_key LIKE @k", ("@u", user.ToString()), ("@k", keyPattern));

    private static async Task<T> PollAsync<T>(Func<Task<T>> read, Func<T, bool> done, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }
            await Task.Delay(100);
        }
    }

    private static string FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
