using System.Net;
using System.Net.Http.Json;
using FinAegis.Grains.Abstractions.Accounts;
using FinAegis.Grains.Abstractions.Common;
using FinAegis.Grains.Abstractions.Governance;
using FinAegis.Tests.Infrastructure;

namespace FinAegis.Tests.Governance;

/// <summary>
/// Accounts and polls share the uuid space of <c>stored_events</c>. An account's uuid used on a poll route (or a
/// poll's on an account route) names no such record: it answers 404 at once, never the 503 of an activation stuck
/// decoding another kind's events, and nothing is ever appended to the other kind's stream.
/// </summary>
[Collection(GovernanceCollection.Name)]
public sealed class CrossKindIdTests(GovernanceFixture fixture)
{
    [Fact]
    public async Task An_account_uuid_is_no_poll_and_a_poll_uuid_is_no_account()
    {
        var admin = await ApiSession.AdminAsync(fixture);
        var (user, _) = await ApiSession.RegisterAsync(fixture);
        var account = await ApiSession.OpenAccountAsync(user);
        Assert.Equal(HttpStatusCode.OK, (await user.PostAsJsonAsync($"/api/accounts/{account}/deposit", new { amount = "10.00" })).StatusCode);
        var poll = await PollApi.CreateAsync(admin, PollApi.Body());
        var accountEvents = await EventCountAsync(account);
        var pollEvents = await EventCountAsync(poll);

        (HttpClient Client, HttpMethod Method, string Path, object? Body)[] wrongKind =
        [
            (user, HttpMethod.Get, $"/api/polls/{account}", null),
            (user, HttpMethod.Get, $"/api/polls/{account}/results", null),
            (user, HttpMethod.Get, $"/api/polls/{account}/voting-power", null),
            (user, HttpMethod.Get, $"/api/polls/{account}/votes/mine", null),
            (user, HttpMethod.Post, $"/api/polls/{account}/vote", new { selected_options = new[] { "yes" } }),
            (admin, HttpMethod.Post, $"/api/polls/{account}/activate", null),
            (admin, HttpMethod.Post, $"/api/polls/{account}/close", null),
            (admin, HttpMethod.Post, $"/api/polls/{account}/cancel", null),
            (user, HttpMethod.Get, $"/api/accounts/{poll}", null),
            (user, HttpMethod.Get, $"/api/accounts/{poll}/balances", null),
            (user, HttpMethod.Get, $"/api/accounts/{poll}/transactions", null),
            (user, HttpMethod.Get, $"/api/accounts/{poll}/turnovers", null),
            (user, HttpMethod.Get, $"/api/accounts/{poll}/events", null),
            (user, HttpMethod.Get, $"/api/accounts/{poll}/transfers", null),
            (user, HttpMethod.Post, $"/api/accounts/{poll}/deposit", new { amount = "1.00" }),
            (user, HttpMethod.Post, $"/api/accounts/{poll}/withdraw", new { amount = "1.00" }),
            (admin, HttpMethod.Post, $"/api/accounts/{poll}/freeze", new { reason = "x" }),
            (user, HttpMethod.Delete, $"/api/accounts/{poll}", null),
            (user, HttpMethod.Post, "/api/transfers", new { from_account_uuid = poll, to_account_uuid = account, amount = "1.00" }),
        ];
        foreach (var (client, method, path, body) in wrongKind)
        {
            using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
            var response = await client.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound,
                $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        // A transfer to a poll's uuid: the destination does not exist, and no money moves.
        var toPoll = await user.PostAsJsonAsync("/api/transfers", new { from_account_uuid = account, to_account_uuid = poll, amount = "1.00" });
        Assert.True(toPoll.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.UnprocessableEntity, await toPoll.Content.ReadAsStringAsync());
        Assert.Equal("DESTINATION_ACCOUNT_NOT_FOUND", await PollApi.ErrorOf(toPoll));

        Assert.Equal(accountEvents, await EventCountAsync(account));
        Assert.Equal(pollEvents, await EventCountAsync(poll));
        var balances = await PollApi.GetDataAsync(user, $"/api/accounts/{account}/balances");
        Assert.Equal(1000, balances.GetProperty("balances").EnumerateArray().Single(b => b.GetProperty("asset_code").GetString() == "USD").GetProperty("balance").GetInt64());
        // Both records still work as what they are.
        Assert.Equal(HttpStatusCode.Created, (await PollApi.VoteAsync(user, poll, new[] { "yes" })).StatusCode);
    }

    [Fact]
    public async Task Creating_a_record_under_another_kinds_uuid_is_refused_and_writes_nothing()
    {
        var owner = Guid.NewGuid();
        var account = Guid.NewGuid();
        var admin = new Caller(Guid.NewGuid(), true);
        Assert.Null((await fixture.Client.GetGrain<IAccountGrain>(account).Open(new OpenAccount(admin, owner, "Main"))).Error);
        var now = DateTimeOffset.UtcNow;
        var definition = new PollDefinition("Same id?", null, PollTypes.SingleChoice, [new PollOption("yes", "Yes", null, null), new PollOption("no", "No", null, null)],
            now, now.AddHours(1), null, VotingPowerStrategies.OneUserOneVote, null, "USD", null, null);

        var asPoll = await fixture.Client.GetGrain<IPollGrain>(account).Create(new CreatePoll(admin, definition));
        Assert.Equal(ErrorCodes.InvalidState, asPoll.Error?.Code);
        Assert.Equal(1, await EventCountAsync(account));

        var poll = Guid.NewGuid();
        Assert.Null((await fixture.Client.GetGrain<IPollGrain>(poll).Create(new CreatePoll(admin, definition))).Error);
        var asAccount = await fixture.Client.GetGrain<IAccountGrain>(poll).Open(new OpenAccount(admin, owner, "Main"));
        Assert.Equal(ErrorCodes.InvalidState, asAccount.Error?.Code);
        Assert.Equal(1, await EventCountAsync(poll));
        Assert.Equal(0L, await fixture.Database.ScalarAsync<long>("SELECT COUNT(*) FROM accounts WHERE uuid = @u", ("@u", poll.ToString())));
    }

    private async Task<long> EventCountAsync(Guid stream) =>
        await fixture.Database.ScalarAsync<long>("SELECT COUNT(*) FROM stored_events WHERE aggregate_uuid = @u", ("@u", stream.ToString()));
}
