using FinAegis.Grains.Abstractions.Common;
using FinAegis.Grains.Abstractions.Governance;
using FinAegis.Grains.Governance;

namespace FinAegis.Tests.Governance;

/// <summary>The pure rules of governance: voting power, reminder due times, selections, tallies and signatures.</summary>
public sealed class GovernanceRulesTests
{
    private static readonly DateTimeOffset _now = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0L, 0L)]
    [InlineData(1L, 1L)]
    [InlineData(3L, 1L)]
    [InlineData(4L, 2L)]
    [InlineData(99L, 9L)]
    [InlineData(100L, 10L)]
    [InlineData(1_000_000_000_000L, 1_000_000L)]
    [InlineData(999_999_999_999L, 999_999L)]
    [InlineData(long.MaxValue, 3_037_000_499L)]
    public void Integer_square_root_is_exact(long n, long expected)
    {
        var root = VotingPower.IntegerSquareRoot(n);
        Assert.True((Int128)root * root <= n && (Int128)(root + 1) * (root + 1) > n);
        Assert.Equal(expected, root);
    }

    [Fact]
    public void Voting_power_counts_whole_major_units()
    {
        Assert.Equal(1, VotingPower.Compute(VotingPowerStrategies.OneUserOneVote, 0, 2));
        Assert.Equal(100, VotingPower.Compute(VotingPowerStrategies.AssetWeighted, 10_049, 2));
        Assert.Equal(0, VotingPower.Compute(VotingPowerStrategies.AssetWeighted, 99, 2));
        Assert.Equal(10, VotingPower.Compute(VotingPowerStrategies.SqrtWeighted, 12_099, 2));
        Assert.Equal(1, VotingPower.Compute(VotingPowerStrategies.AssetWeighted, 100_000_000, 8));
    }

    [Fact]
    public void Reminder_due_time_fires_at_once_for_a_passed_end_and_is_capped_far_ahead()
    {
        Assert.Equal(PollSchedule.MinDueTime, PollSchedule.DueTime(_now, _now.AddSeconds(-30)));
        Assert.Equal(PollSchedule.MinDueTime, PollSchedule.DueTime(_now, _now));
        Assert.Equal(TimeSpan.FromSeconds(3), PollSchedule.DueTime(_now, _now.AddSeconds(3)));
        Assert.Equal(TimeSpan.FromHours(5), PollSchedule.DueTime(_now, _now.AddHours(5)));
        Assert.Equal(PollSchedule.MaxDueTime, PollSchedule.DueTime(_now, _now.AddDays(300)));
        Assert.True(PollSchedule.Period >= TimeSpan.FromMinutes(1));
        Assert.True(PollSchedule.IsOpen(_now, _now.AddMinutes(-1), _now.AddSeconds(1)));
        Assert.False(PollSchedule.IsOpen(_now, _now.AddMinutes(-1), _now));
        Assert.False(PollSchedule.IsOpen(_now, _now.AddSeconds(1), _now.AddMinutes(1)));
    }

    [Theory]
    [InlineData(PollTypes.SingleChoice, "a", null)]
    [InlineData(PollTypes.SingleChoice, "a,b", ErrorCodes.InvalidOptions)]
    [InlineData(PollTypes.SingleChoice, "", ErrorCodes.InvalidOptions)]
    [InlineData(PollTypes.SingleChoice, "nope", ErrorCodes.InvalidOptions)]
    [InlineData(PollTypes.MultipleChoice, "a,b", null)]
    [InlineData(PollTypes.MultipleChoice, "a,a", ErrorCodes.InvalidOptions)]
    [InlineData(PollTypes.MultipleChoice, "a,b,c", ErrorCodes.InvalidOptions)] // max_selections 2
    [InlineData(PollTypes.Weighted, "a:60,b:40", null)]
    [InlineData(PollTypes.Weighted, "a:100", null)]
    [InlineData(PollTypes.Weighted, "a:60,b:30", ErrorCodes.InvalidOptions)]
    [InlineData(PollTypes.Weighted, "a:60,b:50", ErrorCodes.InvalidOptions)]
    [InlineData(PollTypes.Weighted, "a:100,b:0", ErrorCodes.InvalidOptions)]
    [InlineData(PollTypes.Weighted, "a,b", ErrorCodes.InvalidOptions)]
    public void Selections_follow_the_poll_type(string type, string selections, string? expected)
    {
        var poll = Definition(type, maxSelections: 2);
        var parsed = selections.Length == 0 ? [] : selections.Split(',').Select(s =>
        {
            var parts = s.Split(':');
            return new VoteSelection(parts[0], parts.Length > 1 ? int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) : null);
        }).ToList();
        Assert.Equal(expected, VoteRules.Check(poll, parsed)?.Code);
    }

    [Fact]
    public void A_tie_has_no_winner_and_missed_participation_does_not_count()
    {
        var state = new PollState();
        state.Apply(new PollCreated(Guid.NewGuid(), Definition(PollTypes.SingleChoice, requiredParticipation: 50), Guid.NewGuid(), _now));
        state.Apply(new VoteCast(Guid.NewGuid(), [new VoteSelection("a", null)], 5, _now, "", _now));
        state.Apply(new VoteCast(Guid.NewGuid(), [new VoteSelection("b", null)], 5, _now, "", _now));
        var tie = PollTally.Compute(state, registeredUsers: 4, isFinal: true);
        Assert.Null(tie.WinningOption);
        Assert.True(tie.IsTie);
        Assert.Equal(50m, tie.Participation);
        Assert.True(tie.ParticipationMet);

        state.Apply(new VoteCast(Guid.NewGuid(), [new VoteSelection("a", null)], 1, _now, "", _now));
        Assert.Equal("a", PollTally.Compute(state, registeredUsers: 6, isFinal: true).WinningOption);
        var missed = PollTally.Compute(state, registeredUsers: 7, isFinal: true);
        Assert.False(missed.ParticipationMet);
        Assert.Null(missed.WinningOption);
        Assert.Equal(42.86m, missed.Participation);
    }

    [Fact]
    public void A_signature_covers_every_field()
    {
        var key = new byte[32];
        var poll = Guid.NewGuid();
        var user = Guid.NewGuid();
        var at = DateTimeOffset.FromUnixTimeSeconds(1_900_000_000);
        List<VoteSelection> selections = [new("a", 60), new("b", 40)];
        var signature = VoteSigner.Sign(key, poll, user, selections, 7, at);
        Assert.Equal(64, signature.Length);
        Assert.Equal(signature, VoteSigner.Sign(key, poll, user, [new("a", 60), new("b", 40)], 7, at));
        Assert.NotEqual(signature, VoteSigner.Sign(key, poll, user, selections, 8, at));
        Assert.NotEqual(signature, VoteSigner.Sign(key, poll, user, [new("a", 40), new("b", 60)], 7, at));
        Assert.NotEqual(signature, VoteSigner.Sign(key, poll, Guid.NewGuid(), selections, 7, at));
        Assert.NotEqual(signature, VoteSigner.Sign(key, poll, user, selections, 7, at.AddSeconds(1)));
        Assert.NotEqual(signature, VoteSigner.Sign([1, 2, 3], poll, user, selections, 7, at));
    }

    [Fact]
    public void Poll_definitions_are_validated()
    {
        Assert.Empty(PollDefinitionRules.Validate(Definition(PollTypes.SingleChoice), _now));
        var bad = Definition("ranked") with
        {
            Options = [new PollOption("a", "A", null, null)],
            EndDate = _now.AddDays(-1),
            RequiredParticipation = 101,
            VotingPowerStrategy = "plutocracy",
            ExecutionWorkflow = "launch_rockets",
        };
        var errors = PollDefinitionRules.Validate(bad, _now);
        Assert.Contains("type", errors.Keys);
        Assert.Contains("options", errors.Keys);
        Assert.Contains("end_date", errors.Keys);
        Assert.Contains("required_participation", errors.Keys);
        Assert.Contains("voting_power_strategy", errors.Keys);
        Assert.Contains("execution_workflow", errors.Keys);
        var badAsset = Definition(PollTypes.SingleChoice) with
        {
            ExecutionWorkflow = ExecutionWorkflows.AddAsset,
            Options = [new PollOption("a", "A", null, """{"code":"x","name":"X","type":"custom","precision":2}"""), new PollOption("b", "B", null, null)],
        };
        Assert.Contains("options.0.metadata", PollDefinitionRules.Validate(badAsset, _now).Keys);
    }

    private static PollDefinition Definition(string type, int? maxSelections = null, int? requiredParticipation = null) =>
        new("Poll", null, type,
            [new PollOption("a", "A", null, null), new PollOption("b", "B", null, null), new PollOption("c", "C", null, null)],
            _now.AddDays(-1), _now.AddDays(1), requiredParticipation, VotingPowerStrategies.OneUserOneVote, null, "USD", maxSelections, null);
}
