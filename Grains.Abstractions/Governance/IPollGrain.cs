using FinAegis.Grains.Abstractions.Common;

namespace FinAegis.Grains.Abstractions.Governance;

/// <summary>
/// One governance poll, event-sourced (SPEC §8). Key: the poll UUID. Every call first closes the poll when its
/// end_date has passed (a reminder does the same when nobody calls), and finishes a pending execution workflow.
/// </summary>
[Alias("IPollGrain")]
public interface IPollGrain : IGrainWithGuidKey
{
    [Alias("Create")]
    Task<PollResult> Create(CreatePoll command);

    [Alias("Get")]
    Task<PollResult> Get();

    [Alias("Activate")]
    Task<PollResult> Activate(Caller caller);

    [Alias("Close")]
    Task<PollResult> Close(Caller caller);

    [Alias("Cancel")]
    Task<PollResult> Cancel(Caller caller);

    [Alias("Vote")]
    Task<VoteResult> Vote(CastVote command);

    [Alias("GetResults")]
    Task<PollTallyResult> GetResults();

    [Alias("GetVotingPower")]
    Task<VotingPowerResult> GetVotingPower(Guid userUuid);
}
