using FinAegis.Grains.Abstractions.Governance;
using FinAegis.Grains.EventSourcing;
using FinAegis.Grains.Governance;

namespace FinAegis.Tests.Governance;

/// <summary>What a restarted silo reads back: stored events and snapshots of a poll decode to the same state.</summary>
public sealed class PollStorageTests
{
    [Fact]
    public void Events_and_snapshots_round_trip()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_900_000_000);
        var definition = new PollDefinition("Add a token?", "why not", PollTypes.Weighted,
            [new PollOption("a", "A", "first", """{"code":"TOK","name":"Token","type":"custom","precision":2}"""), new PollOption("b", "B", null, null)],
            now.AddDays(-1), now.AddDays(1), 10, VotingPowerStrategies.SqrtWeighted, """{"asset_code":"EUR"}""", "EUR", null, ExecutionWorkflows.AddAsset);
        PollEvent[] events =
        [
            new PollCreated(Guid.NewGuid(), definition, Guid.NewGuid(), now),
            new PollActivated(Guid.NewGuid(), now),
            new VoteCast(Guid.NewGuid(), [new VoteSelection("a", 70), new VoteSelection("b", 30)], 12, now, "sig", now),
            new PollClosed(null, 40, now),
            new PollExecuted(ExecutionWorkflows.AddAsset, "a", "done", new AssetToAdd("TOK", "Token", "custom", 2, null), null, now),
        ];
        var direct = new PollState();
        var replayed = new PollState();
        foreach (var e in events)
        {
            direct.Apply(e);
            var (eventClass, json) = PollEventCodec.Instance.Encode(e);
            replayed.Apply(PollEventCodec.Instance.Decode(eventClass, json));
        }
        var snapshot = StateSnapshotSerializer.Deserialize<PollState>(StateSnapshotSerializer.Serialize(replayed));
        foreach (var state in new[] { replayed, snapshot })
        {
            Assert.Equal(direct.Status, state.Status);
            Assert.Equal(PollStatuses.Executed, state.Status);
            Assert.Equal(direct.Voters, state.Voters);
            Assert.Equal(direct.TotalVotingPower, state.TotalVotingPower);
            Assert.Equal(840, state.Tallies["a"].PowerHundredths);
            Assert.Equal(40, state.RegisteredUsersAtClose);
            Assert.Equal(direct.ExecutionResult, state.ExecutionResult);
            Assert.Equal(definition.Options, state.Definition!.Options);
            Assert.Equal(definition with { Options = state.Definition.Options }, state.Definition);
        }
    }
}
