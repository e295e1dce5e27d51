using System.Net;
using System.Text.Json;
using FinAegis.Grains.Abstractions.Governance;
using FinAegis.Tests.Infrastructure;

namespace FinAegis.Tests.Governance;

/// <summary>
/// A silo killed while it hosts an active poll: the poll comes back on the survivor with its votes, takes more, and
/// its close reminder (kept in MySQL) still closes and executes it at end_date. A cluster of its own, since it kills
/// a silo.
/// </summary>
[Collection(SoloCollection.Name)]
public sealed class PollSiloCrashTests(PollSiloCrashTests.Fixture fixture) : IClassFixture<PollSiloCrashTests.Fixture>
{
    public sealed class Fixture : ClusterFixture
    {
        /// <summary>A call caught on the dead silo answers 503 sooner, and the test retries it.</summary>
        protected override int ApiGrainTimeoutSeconds => 5;
    }

    [Fact]
    public async Task An_active_poll_keeps_its_votes_takes_more_and_closes_by_its_reminder_after_its_silo_is_killed()
    {
        var admin = await ApiSession.AdminAsync(fixture);
        var (first, _) = await ApiSession.RegisterAsync(fixture);
        var (second, _) = await ApiSession.RegisterAsync(fixture);
        var (third, _) = await ApiSession.RegisterAsync(fixture);
        var key = "governance.crash." + Guid.NewGuid().ToString("N")[..8];
        await fixture.Database.ExecuteAsync("INSERT INTO settings (`key`, value, type) VALUES (@k, 'before', 'string')", ("@k", key));
        // Long enough for the kill, the survivor taking over (probes of a few seconds) and a vote after it.
        var end = DateTimeOffset.UtcNow.AddSeconds(20);
        var poll = await PollApi.CreateAsync(admin, PollApi.Body(end: end, requiredParticipation: 50, workflow: "update_setting",
            options: [new { id = "yes", label = "Yes", metadata = new { key, value = "after" } }, new { id = "no", label = "No" }]));
        Assert.Equal(HttpStatusCode.Created, (await PollApi.VoteAsync(first, poll, new[] { "yes" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PollApi.VoteAsync(second, poll, new[] { "no" })).StatusCode);

        var management = fixture.Client.GetGrain<IManagementGrain>(0);
        var host = await management.GetActivationAddress(fixture.Client.GetGrain<IPollGrain>(poll));
        Assert.NotNull(host);
        var victim = fixture.Cluster.GetActiveSilos().Single(silo => silo.SiloAddress.Equals(host));
        await fixture.Cluster.KillSiloAsync(victim);

        // The votes cast before the kill are there, read through the poll grain's new activation.
        var results = await UntilOkAsync(() => admin.GetAsync($"/api/polls/{poll}/results"));
        Assert.Equal(2, results.GetProperty("total_votes").GetInt64());
        Assert.Equal(1, VotesFor(results, "yes"));
        Assert.Equal(1, VotesFor(results, "no"));
        var moved = await management.GetActivationAddress(fixture.Client.GetGrain<IPollGrain>(poll));
        Assert.NotNull(moved);
        Assert.NotEqual(host, moved);

        // Voting goes on: a new voter lands, an earlier one is still refused a second vote.
        var lateVote = await UntilAnsweredAsync(() => PollApi.VoteAsync(third, poll, new[] { "yes" }));
        Assert.True(lateVote.StatusCode == HttpStatusCode.Created, await lateVote.Content.ReadAsStringAsync());
        Assert.True(DateTimeOffset.UtcNow < end, "the vote after the kill came too late to prove anything; raise the end date");
        var again = await PollApi.VoteAsync(first, poll, new[] { "no" });
        Assert.Equal("ALREADY_VOTED", await PollApi.ErrorOf(again));

        // Nobody touches the poll from here: only its reminder, now served by the survivor, can close it (read
        // through SQL, which does not activate the grain).
        var status = await PollApi.EventuallyAsync(
            () => fixture.Database.ScalarAsync<string>("SELECT status FROM polls WHERE uuid = @p", ("@p", poll.ToString())),
            s => s == "executed", TimeSpan.FromSeconds(120));
        Assert.Equal("executed", status);
        Assert.Equal("after", await fixture.Database.ScalarAsync<string>("SELECT value FROM settings WHERE `key` = @k", ("@k", key)));

        var final = await PollApi.GetDataAsync(admin, $"/api/polls/{poll}/results");
        Assert.True(final.GetProperty("is_final").GetBoolean());
        Assert.Equal(3, final.GetProperty("total_votes").GetInt64());
        Assert.Equal(2, VotesFor(final, "yes"));
        Assert.Equal(1, VotesFor(final, "no"));
        Assert.Equal("yes", final.GetProperty("winning_option").GetString());
        var view = await PollApi.GetDataAsync(admin, $"/api/polls/{poll}");
        // Closed at its end_date by the schedule, not early and not by an administrator's call.
        var closedAt = (await fixture.Client.GetGrain<IPollGrain>(poll).Get()).Poll?.ClosedAt;
        Assert.True(closedAt >= end, $"closed at {closedAt:O}, end_date {end:O}");
        Assert.Equal("yes", view.GetProperty("execution_result").GetProperty("winning_option").GetString());
        Assert.Equal(3L, await fixture.Database.ScalarAsync<long>(
            "SELECT COUNT(*) FROM votes v JOIN polls p ON p.id = v.poll_id WHERE p.uuid = @p", ("@p", poll.ToString())));
        // Its job done, the reminder removes itself.
        var reminders = await PollApi.EventuallyAsync(
            () => fixture.Database.ScalarAsync<long>("SELECT COUNT(*) FROM OrleansRemindersTable WHERE GrainId LIKE @g", ("@g", "%" + poll.ToString("N") + "%")),
            n => n == 0, TimeSpan.FromSeconds(30));
        Assert.Equal(0L, reminders);
    }

    private static long VotesFor(JsonElement results, string option) =>
        results.GetProperty("options").EnumerateArray().Single(o => o.GetProperty("id").GetString() == option).GetProperty("votes").GetInt64();

    /// <summary>Retries a read while the cluster notices the dead silo (503 after the API's grain-call deadline).</summary>
    private static async Task<JsonElement> UntilOkAsync(Func<Task<HttpResponseMessage>> call)
    {
        var response = await UntilAnsweredAsync(call);
        var json = await ApiSession.ReadJsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, json.ToString());
        return json.GetProperty("data");
    }

    private static async Task<HttpResponseMessage> UntilAnsweredAsync(Func<Task<HttpResponseMessage>> call)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var response = await Eventually.RetryAsync(call);
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || DateTime.UtcNow > deadline)
            {
                return response;
            }
            await Task.Delay(250);
        }
    }
}
