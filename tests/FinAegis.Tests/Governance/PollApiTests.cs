using System.Net;
using System.Net.Http.Json;
using FinAegis.Tests.Infrastructure;

namespace FinAegis.Tests.Governance;

/// <summary>SPEC §8 through HTTP: lifecycle, refusals, signatures, participation, ties, workflows, closing at end_date.</summary>
[Collection(GovernanceCollection.Name)]
public sealed class PollApiTests(GovernanceFixture fixture)
{
    [Fact]
    public async Task Vote_results_voting_power_and_a_verified_vote()
    {
        var admin = await ApiSession.AdminAsync(fixture);
        var (voter, voterUuid) = await ApiSession.RegisterAsync(fixture);
        var poll = await PollApi.CreateAsync(admin, PollApi.Body());

        var power = await ApiSession.ReadJsonAsync(await voter.GetAsync($"/api/polls/{poll}/voting-power"));
        Assert.Equal(1, power.GetProperty("data").GetProperty("voting_power").GetInt64());
        Assert.True(power.GetProperty("can_vote").GetBoolean());

        var vote = await PollApi.VoteAsync(voter, poll, new[] { "yes" });
        var voteBody = await ApiSession.ReadJsonAsync(vote);
        Assert.True(vote.StatusCode == HttpStatusCode.Created, voteBody.ToString());
        Assert.Equal(voterUuid, voteBody.GetProperty("data").GetProperty("user_uuid").GetGuid());
        Assert.Equal(64, voteBody.GetProperty("data").GetProperty("signature").GetString()!.Length);

        var again = await PollApi.VoteAsync(voter, poll, new[] { "no" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        Assert.Equal("ALREADY_VOTED", await PollApi.ErrorOf(again));

        var mine = await PollApi.GetDataAsync(voter, $"/api/polls/{poll}/votes/mine");
        Assert.True(mine.GetProperty("verified").GetBoolean());
        Assert.Equal("yes", mine.GetProperty("selected_options")[0].GetString());
        var powerAfter = await PollApi.GetDataAsync(voter, $"/api/polls/{poll}/voting-power");
        Assert.True(powerAfter.GetProperty("has_voted").GetBoolean());
        Assert.False(powerAfter.GetProperty("can_vote").GetBoolean());

        var results = await PollApi.GetDataAsync(voter, $"/api/polls/{poll}/results");
        Assert.Equal(1, results.GetProperty("total_votes").GetInt64());
        Assert.Equal("yes", results.GetProperty("winning_option").GetString());
        Assert.Equal(100m, results.GetProperty("options")[0].GetProperty("percentage").GetDecimal());

        var active = await PollApi.GetDataAsync(voter, "/api/polls/active?limit=100");
        Assert.Contains(active.EnumerateArray(), p => p.GetProperty("uuid").GetGuid() == poll);
        var listed = await PollApi.GetDataAsync(voter, "/api/polls?status=active&limit=100");
        Assert.Contains(listed.EnumerateArray(), p => p.GetProperty("uuid").GetGuid() == poll);
        var drafts = await PollApi.GetDataAsync(voter, "/api/polls?status=draft&limit=100");
        Assert.DoesNotContain(drafts.EnumerateArray(), p => p.GetProperty("uuid").GetGuid() == poll);
    }

    [Fact]
    public async Task A_tampered_vote_row_no_longer_verifies()
    {
        var admin = await ApiSession.AdminAsync(fixture);
        var (voter, voterUuid) = await ApiSession.RegisterAsync(fixture);
        var poll = await PollApi.CreateAsync(admin, PollApi.Body());
        Assert.Equal(HttpStatusCode.Created, (await PollApi.VoteAsync(voter, poll, new[] { "no" })).StatusCode);
        Assert.True((await PollApi.GetDataAsync(voter, $"/api/polls/{poll}/votes/mine")).GetProperty("verified").GetBoolean());

        var changed = await fixture.Database.ExecuteAsync(
            "UPDATE votes SET selected_options = '[\"yes\"]' WHERE user_uuid = @u", ("@u", voterUuid.ToString()));
        Assert.Equal(1, changed);
        var tampered = await PollApi.GetDataAsync(voter, $"/api/polls/{poll}/votes/mine");
        Assert.False(tampered.GetProperty("verified").GetBoolean());
        Assert.Equal("yes", tampered.GetProperty("selected_options")[0].GetString());

        await fixture.Database.ExecuteAsync("UPDATE votes SET selected_options = '[\"no\"]', voting_power = 1000 WHERE user_uuid = @u",
            ("@u", voterUuid.ToString()));
        Assert.False((await PollApi.GetDataAsync(voter, $"/api/polls/{poll}/votes/mine")).GetProperty("verified").GetBoolean());
    }

    [Fact]
    public async Task Refusals_have_clear_codes_and_record_nothing()
    {
        var admin = await ApiSession.AdminAsync(fixture);
        var (voter, _) = await ApiSession.RegisterAsync(fixture);

        // Non-admins cannot create, activate, close or cancel.
        Assert.Equal(HttpStatusCode.Forbidden, (await voter.PostAsJsonAsync("/api/polls", PollApi.Body())).StatusCode);
        var draft = await PollApi.CreateAsync(admin, PollApi.Body(), activate: false);
        foreach (var action in new[] { "activate", "close", "cancel" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await voter.PostAsync($"/api/polls/{draft}/{action}", null)).StatusCode);
        }

        // A draft takes no votes and cannot be closed.
        var onDraft = await PollApi.VoteAsync(voter, draft, new[] { "yes" });
        Assert.Equal("POLL_NOT_ACTIVE", await PollApi.ErrorOf(onDraft));
        Assert.Equal("INVALID_STATE", await PollApi.ErrorOf(await admin.PostAsync($"/api/polls/{draft}/close", null)));

        // Not started yet.
        var future = await PollApi.CreateAsync(admin, PollApi.Body(start: DateTimeOffset.UtcNow.AddHours(1), end: DateTimeOffset.UtcNow.AddHours(2)));
        Assert.Equal("POLL_NOT_ACTIVE", await PollApi.ErrorOf(await PollApi.VoteAsync(voter, future, new[] { "yes" })));

        // Wrong selections for each type.
        var options = new object[] { new { id = "a", label = "A" }, new { id = "b", label = "B" }, new { id = "c", label = "C" } };
        var single = await PollApi.CreateAsync(admin, PollApi.Body(options: options));
        var multiple = await PollApi.CreateAsync(admin, PollApi.Body("multiple_choice", options: options, config: new { max_selections = 2 }));
        var weighted = await PollApi.CreateAsync(admin, PollApi.Body("weighted", options: options));
        var invalid = new (Guid Poll, object Selection)[]
        {
            (single, new[] { "a", "b" }), (single, new[] { "zzz" }), (single, Array.Empty<string>()),
            (multiple, new[] { "a", "a" }), (multiple, new[] { "a", "b", "c" }),
            (weighted, new[] { new { id = "a", weight = 60 }, new { id = "b", weight = 30 } }),
            (weighted, new[] { new { id = "a", weight = 50 }, new { id = "a", weight = 50 } }),
            (weighted, new[] { "a" }),
        };
        foreach (var (poll, selection) in invalid)
        {
            var response = await PollApi.VoteAsync(voter, poll, selection);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            Assert.Equal("INVALID_OPTIONS", await PollApi.ErrorOf(response));
        }
        var fractional = await voter.PostAsync($"/api/polls/{weighted}/vote",
            ApiSession.Json("""{"selected_options":[{"id":"a","weight":50.5},{"id":"b","weight":49.5}]}"""));
        Assert.Equal("INVALID_OPTIONS", await PollApi.ErrorOf(fractional));

        // Malformed bodies.
        Assert.Equal("INVALID_JSON", await PollApi.ErrorOf(await voter.PostAsync($"/api/polls/{single}/vote", ApiSession.Json("{not json"))));
        Assert.Equal("VALIDATION_FAILED", await PollApi.ErrorOf(await voter.PostAsync($"/api/polls/{single}/vote", ApiSession.Json("""{"selected_options":"a"}"""))));
        Assert.Equal("VALIDATION_FAILED", await PollApi.ErrorOf(await voter.PostAsync($"/api/polls/{single}/vote", ApiSession.Json("{}"))));
        Assert.Equal("VALIDATION_FAILED", await PollApi.ErrorOf(await voter.PostAsync($"/api/polls/{single}/vote", ApiSession.Json("""{"selected_options":[true]}"""))));
        Assert.Equal(HttpStatusCode.NotFound, (await PollApi.VoteAsync(voter, Guid.NewGuid(), new[] { "a" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await voter.GetAsync("/api/polls/not-a-uuid")).StatusCode);

        // Nothing was recorded by any of it.
        Assert.Equal(0L, await fixture.Database.ScalarAsync<long>(
            "SELECT COUNT(*) FROM votes v JOIN polls p ON p.id = v.poll_id WHERE p.uuid IN (@a, @b, @c, @d, @e)",
            ("@a", draft.ToString()), ("@b", future.ToString()), ("@c", single.ToString()), ("@d", multiple.ToString()), ("@e", weighted.ToString())));

        // Invalid transitions.
        Assert.Equal("INVALID_STATE", await PollApi.ErrorOf(await admin.PostAsync($"/api/polls/{single}/activate", null)));
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/polls/{single}/close", null)).StatusCode);
        Assert.Equal("INVALID_STATE", await PollApi.ErrorOf(await admin.PostAsync($"/api/polls/{single}/cancel", null)));
        Assert.Equal("INVALID_STATE", await PollApi.ErrorOf(await admin.PostAsync($"/api/polls/{single}/close", null)));
        Assert.Equal("POLL_NOT_ACTIVE", await PollApi.ErrorOf(await PollApi.VoteAsync(voter, single, new[] { "a" })));
        var cancelled = await admin.PostAsync($"/api/polls/{draft}/cancel", null);
        Assert.Equal("cancelled", (await ApiSession.ReadJsonAsync(cancelled)).GetProperty("data").GetProperty("status").GetString());
        Assert.Equal("POLL_NOT_ACTIVE", await PollApi.ErrorOf(await PollApi.VoteAsync(voter, draft, new[] { "yes" })));
        Assert.Equal("INVALID_STATE", await PollApi.ErrorOf(await admin.PostAsync($"/api/polls/{draft}/activate", null)));
    }

    [Fact]
    public async Task Malformed_polls_are_refused()
    {
        var admin = await ApiSession.AdminAsync(fixture);
        var bodies = new[]
        {
            """{"title":"x","type":"single_choice","options":"nope","start_date":"2020-01-01T00:00:00Z","end_date":"2037-01-01T00:00:00Z"}""",
            """{"title":"x","type":"single_choice","options":[{"id":"a","label":"A"}],"start_date":"2020-01-01T00:00:00Z","end_date":"2037-01-01T00:00:00Z"}""",
            """{"title":"x","type":"single_choice","options":[{"id":"a","label":"A"},{"id":"a","label":"B"}],"start_date":"2020-01-01T00:00:00Z","end_date":"2037-01-01T00:00:00Z"}""",
            """{"title":"x","type":"ranked","options":[{"id":"a","label":"A"},{"id":"b","label":"B"}],"start_date":"2020-01-01T00:00:00Z","end_date":"2037-01-01T00:00:00Z"}""",
            """{"title":"x","type":"single_choice","options":[{"id":"a","label":"A"},{"id":"b","label":"B"}],"start_date":"yesterday","end_date":"2037-01-01T00:00:00Z"}""",
            """{"title":"x","type":"single_choice","options":[{"id":"a","label":"A"},{"id":"b","label":"B"}],"start_date":"2020-01-01T00:00:00Z","end_date":"2099-01-01T00:00:00Z"}""",
            """{"title":"x","type":"single_choice","options":[{"id":"a","label":"A"},{"id":"b","label":"B"}],"start_date":"2020-01-01T00:00:00Z","end_date":"2037-01-01T00:00:00Z","voting_power_strategy":"asset_weighted","voting_power_config":{"asset_code":"NOPE"}}""",
            """{"title":"x","type":"single_choice","options":[{"id":"a","label":"A","metadata":{"code":"lower"}},{"id":"b","label":"B"}],"start_date":"2020-01-01T00:00:00Z","end_date":"2037-01-01T00:00:00Z","execution_workflow":"add_asset"}""",
            """{"title":"x","type":"single_choice","options":[{"id":"a","label":"A"},{"id":"b","label":"B"}],"start_date":"2020-01-01T00:00:00Z","end_date":"2037-01-01T00:00:00Z","required_participation":0}""",
        };
        var before = await fixture.Database.ScalarAsync<long>("SELECT COUNT(*) FROM polls");
        foreach (var body in bodies)
        {
            var response = await admin.PostAsync("/api/polls", ApiSession.Json(body));
            Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, body);
            Assert.Equal("VALIDATION_FAILED", await PollApi.ErrorOf(response));
        }
        Assert.Equal("INVALID_JSON", await PollApi.ErrorOf(await admin.PostAsync("/api/polls", ApiSession.Json("""{"title":5}"""))));
        Assert.Equal(before, await fixture.Database.ScalarAsync<long>("SELECT COUNT(*) FROM polls"));
    }
}
