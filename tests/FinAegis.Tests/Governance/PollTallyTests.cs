using FinAegis.Grains.Abstractions.Common;
using FinAegis.Grains.Abstractions.Governance;

namespace FinAegis.Tests.Governance;

/// <summary>Every voting-power strategy with every poll type, three voters with live holdings, exact tallies.</summary>
[Collection(GovernanceCollection.Name)]
public sealed class PollTallyTests(GovernanceFixture fixture)
{
    // A votes x (single) / x,y (multiple) / x60 y40 (weighted); B votes y / y / y100; C votes y / y,z / x50 z50.
    // Powers: one_user_one_vote 1,1,1; asset_weighted 10000, 2500, 100; sqrt_weighted 100, 50, 10.
    [Theory]
    [InlineData("single_choice", "one_user_one_vote", "1,2,0", "1,2,0", 3, "y")]
    [InlineData("single_choice", "asset_weighted", "10000,2600,0", "1,2,0", 12600, "x")]
    [InlineData("single_choice", "sqrt_weighted", "100,60,0", "1,2,0", 160, "x")]
    [InlineData("multiple_choice", "one_user_one_vote", "1,3,1", "1,3,1", 3, "y")]
    [InlineData("multiple_choice", "asset_weighted", "10000,12600,100", "1,3,1", 12600, "y")]
    [InlineData("multiple_choice", "sqrt_weighted", "100,160,10", "1,3,1", 160, "y")]
    [InlineData("weighted", "one_user_one_vote", "1.1,1.4,0.5", "2,2,1", 3, "y")]
    [InlineData("weighted", "asset_weighted", "6050,6500,50", "2,2,1", 12600, "y")]
    [InlineData("weighted", "sqrt_weighted", "65,90,5", "2,2,1", 160, "y")]
    public async Task Tallies_are_exact(string type, string strategy, string powers, string votes, long totalPower, string winner)
    {
        var poll = await CreateActiveAsync(type, strategy);
        var ballots = type switch
        {
            "single_choice" => new[] { Sel("x"), Sel("y"), Sel("y") },
            "multiple_choice" => [Sel("x", "y"), Sel("y"), Sel("y", "z")],
            _ => [[new("x", 60), new("y", 40)], [new("y", 100)], [new("x", 50), new("z", 50)]],
        };
        var voters = new[] { fixture.VoterA, fixture.VoterB, fixture.VoterC };
        for (var i = 0; i < voters.Length; i++)
        {
            var result = await poll.Vote(new CastVote(new Caller(voters[i], false), ballots[i]));
            Assert.Null(result.Error);
        }

        var results = (await poll.GetResults()).Results!;
        var expectedPowers = powers.Split(',').Select(p => decimal.Parse(p, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var expectedVotes = votes.Split(',').Select(long.Parse).ToList();
        Assert.Equal(["x", "y", "z"], results.Options.Select(o => o.Id));
        Assert.Equal(expectedPowers, results.Options.Select(o => o.VotingPower));
        Assert.Equal(expectedVotes, results.Options.Select(o => o.Votes));
        Assert.Equal(3, results.TotalVotes);
        Assert.Equal(totalPower, results.TotalVotingPower);
        Assert.Equal(winner, results.WinningOption);
        Assert.False(results.IsTie);
        var expectedShares = expectedPowers.Select(p => Math.Round(p * 100m / totalPower, 2, MidpointRounding.AwayFromZero));
        Assert.Equal(expectedShares, results.Options.Select(o => o.Percentage));

        // The read model agrees with the grain: three rows, each with its voter's power.
        Assert.Equal(3L, await fixture.Database.ScalarAsync<long>(
            "SELECT COUNT(*) FROM votes v JOIN polls p ON p.id = v.poll_id WHERE p.uuid = @p", ("@p", poll.GetPrimaryKey().ToString())));
        Assert.Equal(totalPower, await fixture.Database.ScalarAsync<long>(
            "SELECT SUM(v.voting_power) FROM votes v JOIN polls p ON p.id = v.poll_id WHERE p.uuid = @p", ("@p", poll.GetPrimaryKey().ToString())));
    }

    [Theory]
    [InlineData("asset_weighted")]
    [InlineData("sqrt_weighted")]
    public async Task No_holdings_means_no_voting_power(string strategy)
    {
        var poll = await CreateActiveAsync("single_choice", strategy);
        var power = (await poll.GetVotingPower(fixture.VoterD)).Power!;
        Assert.Equal(0, power.VotingPower);
        Assert.False(power.CanVote);
        var result = await poll.Vote(new CastVote(new Caller(fixture.VoterD, false), Sel("x")));
        Assert.Equal(ErrorCodes.NoVotingPower, result.Error?.Code);
        Assert.Equal(0, (await poll.GetResults()).Results!.TotalVotes);
    }

    [Fact]
    public async Task Many_concurrent_voters_are_each_counted_once()
    {
        var poll = await CreateActiveAsync("single_choice", "one_user_one_vote");
        var users = Enumerable.Range(0, 60).Select(_ => Guid.NewGuid()).ToList();
        // Every user votes twice at once: exactly one of the two lands.
        var attempts = users.SelectMany(u => new[] { u, u })
            .Select((u, i) => poll.Vote(new CastVote(new Caller(u, false), Sel(i % 4 == 0 ? "x" : "y"))))
            .ToList();
        var outcomes = await Task.WhenAll(attempts);
        Assert.Equal(users.Count, outcomes.Count(o => o.Error is null));
        Assert.Equal(users.Count, outcomes.Count(o => o.Error?.Code == ErrorCodes.AlreadyVoted));
        var results = (await poll.GetResults()).Results!;
        Assert.Equal(users.Count, results.TotalVotes);
        Assert.Equal(users.Count, results.Options.Sum(o => o.Votes));
        Assert.Equal((long)users.Count, await fixture.Database.ScalarAsync<long>(
            "SELECT COUNT(*) FROM votes v JOIN polls p ON p.id = v.poll_id WHERE p.uuid = @p", ("@p", poll.GetPrimaryKey().ToString())));
    }

    private async Task<IPollGrain> CreateActiveAsync(string type, string strategy)
    {
        var poll = fixture.Client.GetGrain<IPollGrain>(Guid.NewGuid());
        var definition = new PollDefinition("Tally", null, type,
            [new PollOption("x", "X", null, null), new PollOption("y", "Y", null, null), new PollOption("z", "Z", null, null)],
            DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1), null, strategy, null, "USD",
            type == "multiple_choice" ? 2 : null, null);
        Assert.Null((await poll.Create(new CreatePoll(GovernanceFixture.Admin, definition))).Error);
        Assert.Null((await poll.Activate(GovernanceFixture.Admin)).Error);
        return poll;
    }

    private static VoteSelection[] Sel(params string[] ids) => ids.Select(id => new VoteSelection(id, null)).ToArray();
}
