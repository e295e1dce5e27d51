using FinAegis.Grains.Abstractions.Governance;

namespace FinAegis.Grains.Governance;

/// <summary>A voter count and power per option. Power is kept in hundredths (power × weight%) so weighted splits stay exact integers.</summary>
[GenerateSerializer, Alias("OptionTally")]
public sealed class OptionTally
{
    [Id(0)]
    public long Votes { get; set; }

    [Id(1)]
    public long PowerHundredths { get; set; }
}

/// <summary>
/// A poll folded from its events. Pure: rules are checked in <see cref="PollGrain"/> before an event is raised.
/// Keeps who voted (one vote per user) and the running tally, not the votes themselves: those are in the stream and
/// in the `votes` read model.
/// </summary>
[GenerateSerializer, Alias("PollState")]
public sealed class PollState
{
    [Id(0)]
    public bool Exists { get; set; }

    [Id(1)]
    public Guid Uuid { get; set; }

    [Id(2)]
    public PollDefinition? Definition { get; set; }

    [Id(3)]
    public string Status { get; set; } = PollStatuses.Draft;

    [Id(4)]
    public Guid CreatedBy { get; set; }

    [Id(5)]
    public DateTimeOffset CreatedAt { get; set; }

    [Id(6)]
    public DateTimeOffset UpdatedAt { get; set; }

    [Id(7)]
    public DateTimeOffset? ClosedAt { get; set; }

    [Id(8)]
    public long RegisteredUsersAtClose { get; set; }

    [Id(9)]
    public HashSet<Guid> Voters { get; set; } = [];

    [Id(10)]
    public Dictionary<string, OptionTally> Tallies { get; set; } = new(StringComparer.Ordinal);

    [Id(11)]
    public long TotalVotingPower { get; set; }

    [Id(12)]
    public ExecutionResultView? ExecutionResult { get; set; }

    /// <summary>Closed, with a workflow whose outcome is not recorded yet (a crash or failure between the two).</summary>
    public bool ExecutionPending =>
        Status == PollStatuses.Closed && Definition?.ExecutionWorkflow is not null && ExecutionResult is null;

    public void Apply(PollEvent @event)
    {
        switch (@event)
        {
            case PollCreated created:
                Exists = true;
                Uuid = created.PollUuid;
                Definition = created.Definition;
                Status = PollStatuses.Draft;
                CreatedBy = created.CreatedBy;
                CreatedAt = created.OccurredAt;
                foreach (var option in created.Definition.Options)
                {
                    Tallies[option.Id] = new OptionTally();
                }
                break;
            case PollActivated:
                Status = PollStatuses.Active;
                break;
            case VoteCast vote:
                Voters.Add(vote.UserUuid);
                TotalVotingPower += vote.VotingPower;
                foreach (var selection in vote.Selections)
                {
                    if (!Tallies.TryGetValue(selection.OptionId, out var tally))
                    {
                        Tallies[selection.OptionId] = tally = new OptionTally();
                    }
                    tally.Votes++;
                    tally.PowerHundredths += vote.VotingPower * (selection.Weight ?? 100);
                }
                break;
            case PollClosed closed:
                Status = PollStatuses.Closed;
                ClosedAt = closed.OccurredAt;
                RegisteredUsersAtClose = closed.RegisteredUsers;
                break;
            case PollCancelled:
                Status = PollStatuses.Cancelled;
                break;
            case PollExecuted executed:
                Status = PollStatuses.Executed;
                ExecutionResult = new ExecutionResultView(ExecutionOutcomes.Executed, executed.WinningOption, executed.Detail, executed.OccurredAt);
                break;
            case PollExecutionFailed failed:
                Status = PollStatuses.Failed;
                ExecutionResult = new ExecutionResultView(ExecutionOutcomes.Failed, failed.WinningOption, failed.Reason, failed.OccurredAt);
                break;
            case PollExecutionSkipped skipped:
                ExecutionResult = new ExecutionResultView(ExecutionOutcomes.Skipped, null, skipped.Reason, skipped.OccurredAt);
                break;
        }
        UpdatedAt = @event.OccurredAt;
    }

    public PollView ToView() => new(Uuid, Definition!, Status, CreatedBy, CreatedAt, UpdatedAt, ClosedAt, ExecutionResult);

    /// <summary>A copy without the voter set, enough to project the `polls` row after a batch of events.</summary>
    public PollState CopyForProjection() => new()
    {
        Exists = Exists,
        Uuid = Uuid,
        Definition = Definition,
        Status = Status,
        CreatedBy = CreatedBy,
        CreatedAt = CreatedAt,
        UpdatedAt = UpdatedAt,
        ClosedAt = ClosedAt,
        RegisteredUsersAtClose = RegisteredUsersAtClose,
        ExecutionResult = ExecutionResult,
        Tallies = Tallies.ToDictionary(t => t.Key, t => new OptionTally { Votes = t.Value.Votes, PowerHundredths = t.Value.PowerHundredths }, StringComparer.Ordinal),
        TotalVotingPower = TotalVotingPower,
    };
}
