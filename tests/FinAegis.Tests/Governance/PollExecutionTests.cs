using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FinAegis.Tests.Infrastructure;

namespace FinAegis.Tests.Governance;

/// <summary>Closing: participation, ties, the add_asset and update_setting workflows, and closing by itself at end_date.</summary>
[Collection(GovernanceCollection.Name)]
public sealed class PollExecutionTests(GovernanceFixture fixture)
{
    [Fact]
    public async Task Add_asset_creates_an_asset_deposits_can_use()
    {
        var admin = await ApiSession.AdminAsync(fixture);
        var (voter, _) = await ApiSession.RegisterAsync(fixture);
        var code = "G" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var options = new object[]
        {
            new { id = "add", label = "Add it", metadata = new { code, name = "Governance Token", type = "custom", precision = 3, metadata = new { issuer = "poll" } } },
            new { id = "keep", label = "Do not" },
        };
        var poll = await PollApi.CreateAsync(admin, PollApi.Body(options: options, workflow: "add_asset"));
        Assert.Equal(HttpStatusCode.Created, (await PollApi.VoteAsync(voter, poll, new[] { "add" })).StatusCode);

        var closed = await ApiSession.ReadJsonAsync(await admin.PostAsync($"/api/polls/{poll}/close", null));
        var data = closed.GetProperty("data");
        Assert.Equal("executed", data.GetProperty("status").GetString());
        Assert.Equal("add", data.GetProperty("execution_result").GetProperty("winning_option").GetString());
        Assert.Equal(3, await fixture.Database.ScalarAsync<int>("SELECT `precision` FROM assets WHERE code = @c", ("@c", code)));

        var account = await ApiSession.OpenAccountAsync(voter);
        var deposit = await PollApi.EventuallyAsync(
            () => voter.PostAsJsonAsync($"/api/accounts/{account}/deposit", new { amount = "1.234", asset_code = code }),
            response => response.StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(15));
        var body = await ApiSession.ReadJsonAsync(deposit);
        Assert.True(deposit.StatusCode == HttpStatusCode.OK, body.ToString());
        Assert.Equal(1234, body.GetProperty("data").GetProperty("balance_after").GetInt64());
        var asset = await PollApi.GetDataAsync(voter, $"/api/polls/{poll}");
        Assert.Equal("executed", asset.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Update_setting_changes_the_setting_row_and_a_failed_workflow_records_why()
    {
        var admin = await ApiSession.AdminAsync(fixture);
        var (voter, _) = await ApiSession.RegisterAsync(fixture);
        var key = "governance.test." + Guid.NewGuid().ToString("N")[..8];
        await fixture.Database.ExecuteAsync("INSERT INTO settings (`key`, value, type) VALUES (@k, '10', 'integer')", ("@k", key));
        var options = new object[]
        {
            new { id = "raise", label = "Raise", metadata = new { key, value = 25 } },
            new { id = "keep", label = "Keep" },
        };
        var poll = await PollApi.CreateAsync(admin, PollApi.Body(options: options, workflow: "update_setting"));
        Assert.Equal(HttpStatusCode.Created, (await PollApi.VoteAsync(voter, poll, new[] { "raise" })).StatusCode);
        var closed = await ApiSession.ReadJsonAsync(await admin.PostAsync($"/api/polls/{poll}/close", null));
        Assert.Equal("executed", closed.GetProperty("data").GetProperty("status").GetString());
        Assert.Equal("25", await fixture.Database.ScalarAsync<string>("SELECT value FROM settings WHERE `key` = @k", ("@k", key)));
        Assert.Equal("executed", await fixture.Database.ScalarAsync<string>("SELECT status FROM polls WHERE uuid = @p", ("@p", poll.ToString())));

        // An encrypted setting is never overwritten: the poll ends failed, with the reason recorded.
        var secret = "governance.secret." + Guid.NewGuid().ToString("N")[..8];
        await fixture.Database.ExecuteAsync("INSERT INTO settings (`key`, value, type, is_encrypted) VALUES (@k, 'cipher', 'string', 1)", ("@k", secret));
        var failing = await PollApi.CreateAsync(admin, PollApi.Body(workflow: "update_setting", options: new object[]
        {
            new { id = "yes", label = "Yes", metadata = new { key = secret, value = "plain" } }, new { id = "no", label = "No" },
        }));
        Assert.Equal(HttpStatusCode.Created, (await PollApi.VoteAsync(voter, failing, new[] { "yes" })).StatusCode);
        var failed = (await ApiSession.ReadJsonAsync(await admin.PostAsync($"/api/polls/{failing}/close", null))).GetProperty("data");
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Contains("encrypted", failed.GetProperty("execution_result").GetProperty("detail").GetString());
        Assert.Equal("cipher", await fixture.Database.ScalarAsync<string>("SELECT value FROM settings WHERE `key` = @k", ("@k", secret)));
    }

    [Fact]
    public async Task A_tie_has_no_winner_and_executes_nothing()
    {
        var admin = await ApiSession.AdminAsync(fixture);
        var key = "governance.tie." + Guid.NewGuid().ToString("N")[..8];
        var poll = await PollApi.CreateAsync(admin, PollApi.Body(workflow: "update_setting", options: new object[]
        {
            new { id = "on", label = "On", metadata = new { key, value = true } },
            new { id = "off", label = "Off", metadata = new { key, value = false } },
        }));
        var (first, _) = await ApiSession.RegisterAsync(fixture);
        var (second, _) = await ApiSession.RegisterAsync(fixture);
        Assert.Equal(HttpStatusCode.Created, (await PollApi.VoteAsync(first, poll, new[] { "on" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PollApi.VoteAsync(second, poll, new[] { "off" })).StatusCode);

        var closed = (await ApiSession.ReadJsonAsync(await admin.PostAsync($"/api/polls/{poll}/close", null))).GetProperty("data");
        Assert.Equal("closed", closed.GetProperty("status").GetString());
        Assert.Equal("skipped", closed.GetProperty("execution_result").GetProperty("status").GetString());
        var results = await PollApi.GetDataAsync(admin, $"/api/polls/{poll}/results");
        Assert.Equal(JsonValueKind.Null, results.GetProperty("winning_option").ValueKind);
        Assert.True(results.GetProperty("is_tie").GetBoolean());
        Assert.Equal(0L, await fixture.Database.ScalarAsync<long>("SELECT COUNT(*) FROM settings WHERE `key` = @k", ("@k", key)));
    }

    [Fact]
    public async Task Participation_threshold_met_and_missed()
    {
        var admin = await ApiSession.AdminAsync(fixture);
        var (first, _) = await ApiSession.RegisterAsync(fixture);
        var (second, _) = await ApiSession.RegisterAsync(fixture);
        // The class's database is its own and its tests run one at a time, so this count holds until the polls close.
        var registered = await fixture.Database.ScalarAsync<long>("SELECT COUNT(*) FROM users");
        var reachable = (int)(2 * 100 / registered); // two voters reach exactly this percentage (rounded down)
        Assert.True(reachable >= 1, $"{registered} users");

        var metKey = "governance.met." + Guid.NewGuid().ToString("N")[..8];
        var missedKey = "governance.missed." + Guid.NewGuid().ToString("N")[..8];
        var met = await PollApi.CreateAsync(admin, PollApi.Body(requiredParticipation: reachable, workflow: "update_setting",
            options: [new { id = "yes", label = "Yes", metadata = new { key = metKey, value = "on" } }, new { id = "no", label = "No" }]));
        var missed = await PollApi.CreateAsync(admin, PollApi.Body(requiredParticipation: reachable + 1, workflow: "update_setting",
            options: [new { id = "yes", label = "Yes", metadata = new { key = missedKey, value = "on" } }, new { id = "no", label = "No" }]));
        foreach (var poll in new[] { met, missed })
        {
            Assert.Equal(HttpStatusCode.Created, (await PollApi.VoteAsync(first, poll, new[] { "yes" })).StatusCode);
            Assert.Equal(HttpStatusCode.Created, (await PollApi.VoteAsync(second, poll, new[] { "yes" })).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/polls/{poll}/close", null)).StatusCode);
        }

        var metResults = await PollApi.GetDataAsync(admin, $"/api/polls/{met}/results");
        Assert.True(metResults.GetProperty("participation_met").GetBoolean());
        Assert.Equal("yes", metResults.GetProperty("winning_option").GetString());
        Assert.Equal(Math.Round(200m / registered, 2, MidpointRounding.AwayFromZero), metResults.GetProperty("participation").GetDecimal());
        Assert.Equal("executed", (await PollApi.GetDataAsync(admin, $"/api/polls/{met}")).GetProperty("status").GetString());
        Assert.Equal("on", await fixture.Database.ScalarAsync<string>("SELECT value FROM settings WHERE `key` = @k", ("@k", metKey)));

        var missedResults = await PollApi.GetDataAsync(admin, $"/api/polls/{missed}/results");
        Assert.False(missedResults.GetProperty("participation_met").GetBoolean());
        Assert.Equal(JsonValueKind.Null, missedResults.GetProperty("winning_option").ValueKind);
        Assert.Equal("closed", (await PollApi.GetDataAsync(admin, $"/api/polls/{missed}")).GetProperty("status").GetString());
        Assert.Equal(0L, await fixture.Database.ScalarAsync<long>("SELECT COUNT(*) FROM settings WHERE `key` = @k", ("@k", missedKey)));

        // Users registering after the close do not change a final result.
        await ApiSession.RegisterAsync(fixture);
        Assert.Equal(registered, (await PollApi.GetDataAsync(admin, $"/api/polls/{met}/results")).GetProperty("registered_users").GetInt64());
    }

    [Fact]
    public async Task A_poll_past_its_end_date_closes_itself_when_touched()
    {
        var admin = await ApiSession.AdminAsync(fixture);
        var (voter, _) = await ApiSession.RegisterAsync(fixture);
        var key = "governance.self." + Guid.NewGuid().ToString("N")[..8];
        var end = DateTimeOffset.UtcNow.AddSeconds(2);
        var poll = await PollApi.CreateAsync(admin, PollApi.Body(end: end, workflow: "update_setting",
            options: [new { id = "yes", label = "Yes", metadata = new { key, value = 7 } }, new { id = "no", label = "No" }]));
        Assert.Equal(HttpStatusCode.Created, (await PollApi.VoteAsync(voter, poll, new[] { "yes" })).StatusCode);

        // Wait for the clock only, then touch the poll: the first call closes and executes it.
        await PollApi.EventuallyAsync(() => Task.FromResult(DateTimeOffset.UtcNow), now => now > end, TimeSpan.FromSeconds(10));
        var late = await PollApi.VoteAsync(voter, poll, new[] { "no" });
        Assert.Equal("POLL_NOT_ACTIVE", await PollApi.ErrorOf(late));
        var data = await PollApi.GetDataAsync(voter, $"/api/polls/{poll}");
        Assert.Equal("executed", data.GetProperty("status").GetString());
        Assert.Equal("7", await fixture.Database.ScalarAsync<string>("SELECT value FROM settings WHERE `key` = @k", ("@k", key)));
    }

    [Fact]
    public async Task The_reminder_closes_an_untouched_poll_at_its_end_date()
    {
        var admin = await ApiSession.AdminAsync(fixture);
        var (voter, _) = await ApiSession.RegisterAsync(fixture);
        var poll = await PollApi.CreateAsync(admin, PollApi.Body(end: DateTimeOffset.UtcNow.AddSeconds(3)));
        Assert.Equal(HttpStatusCode.Created, (await PollApi.VoteAsync(voter, poll, new[] { "no" })).StatusCode);
        Assert.Equal(1L, await fixture.Database.ScalarAsync<long>(
            "SELECT COUNT(*) FROM OrleansRemindersTable WHERE GrainId LIKE @g", ("@g", "%" + poll.ToString("N") + "%")));

        // Nobody calls the poll: only the reminder can move it (read through SQL, which does not touch the grain).
        var status = await PollApi.EventuallyAsync(
            () => fixture.Database.ScalarAsync<string>("SELECT status FROM polls WHERE uuid = @p", ("@p", poll.ToString())),
            s => s == "closed", TimeSpan.FromSeconds(30));
        Assert.Equal("closed", status);
        // Its job done, the reminder removes itself.
        var remaining = await PollApi.EventuallyAsync(
            () => fixture.Database.ScalarAsync<long>("SELECT COUNT(*) FROM OrleansRemindersTable WHERE GrainId LIKE @g", ("@g", "%" + poll.ToString("N") + "%")),
            n => n == 0, TimeSpan.FromSeconds(10));
        Assert.Equal(0L, remaining);
    }
}
