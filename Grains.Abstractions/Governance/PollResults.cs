using FinAegis.Grains.Abstractions.Common;

namespace FinAegis.Grains.Abstractions.Governance;

[GenerateSerializer, Immutable, Alias("PollResult")]
public sealed record PollResult([property: Id(0)] PollView? Poll, [property: Id(1)] DomainError? Error)
{
    public static PollResult Ok(PollView poll) => new(poll, null);
    public static PollResult Fail(DomainError error) => new(null, error);
}

[GenerateSerializer, Immutable, Alias("VoteResult")]
public sealed record VoteResult([property: Id(0)] VoteView? Vote, [property: Id(1)] DomainError? Error)
{
    public static VoteResult Ok(VoteView vote) => new(vote, null);
    public static VoteResult Fail(DomainError error) => new(null, error);
}

[GenerateSerializer, Immutable, Alias("PollTallyResult")]
public sealed record PollTallyResult([property: Id(0)] PollResultsView? Results, [property: Id(1)] DomainError? Error)
{
    public static PollTallyResult Ok(PollResultsView results) => new(results, null);
    public static PollTallyResult Fail(DomainError error) => new(null, error);
}

[GenerateSerializer, Immutable, Alias("VotingPowerResult")]
public sealed record VotingPowerResult([property: Id(0)] VotingPowerView? Power, [property: Id(1)] DomainError? Error)
{
    public static VotingPowerResult Ok(VotingPowerView power) => new(power, null);
    public static VotingPowerResult Fail(DomainError error) => new(null, error);
}
