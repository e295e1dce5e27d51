namespace FinAegis.Grains.Abstractions.Governance;

/// <summary>The recorded outcome of a closed poll's execution workflow.</summary>
[GenerateSerializer, Immutable, Alias("ExecutionResultView")]
public sealed record ExecutionResultView(
    [property: Id(0)] string Status,
    [property: Id(1)] string? WinningOption,
    [property: Id(2)] string Detail,
    [property: Id(3)] DateTimeOffset At);

[GenerateSerializer, Immutable, Alias("PollView")]
public sealed record PollView(
    [property: Id(0)] Guid Uuid,
    [property: Id(1)] PollDefinition Definition,
    [property: Id(2)] string Status,
    [property: Id(3)] Guid CreatedBy,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] DateTimeOffset UpdatedAt,
    [property: Id(6)] DateTimeOffset? ClosedAt,
    [property: Id(7)] ExecutionResultView? ExecutionResult);

[GenerateSerializer, Immutable, Alias("OptionResultView")]
public sealed record OptionResultView(
    [property: Id(0)] string Id,
    [property: Id(1)] long Votes,
    [property: Id(2)] decimal VotingPower,
    [property: Id(3)] decimal Percentage);

/// <summary>
/// A poll's tally. <see cref="Participation"/> is the percentage of registered users who voted; the result counts
/// (<see cref="ParticipationMet"/>) only when it reaches the poll's required participation. <see cref="WinningOption"/>
/// is null on a tie, with no votes, or when the result does not count. <see cref="IsFinal"/> once the poll closed.
/// </summary>
[GenerateSerializer, Immutable, Alias("PollResultsView")]
public sealed record PollResultsView(
    [property: Id(0)] IReadOnlyList<OptionResultView> Options,
    [property: Id(1)] long TotalVotes,
    [property: Id(2)] long TotalVotingPower,
    [property: Id(3)] decimal Participation,
    [property: Id(4)] long RegisteredUsers,
    [property: Id(5)] bool ParticipationMet,
    [property: Id(6)] string? WinningOption,
    [property: Id(7)] bool IsTie,
    [property: Id(8)] bool IsFinal);

/// <summary>
/// A cast vote. <see cref="Signature"/> is the hex HMAC-SHA256 of its canonical fields; <see cref="Verified"/> is
/// set when the vote was read back from the `votes` table and its signature checked.
/// </summary>
[GenerateSerializer, Immutable, Alias("VoteView")]
public sealed record VoteView(
    [property: Id(0)] Guid PollUuid,
    [property: Id(1)] Guid UserUuid,
    [property: Id(2)] IReadOnlyList<VoteSelection> Selections,
    [property: Id(3)] long VotingPower,
    [property: Id(4)] DateTimeOffset VotedAt,
    [property: Id(5)] string Signature,
    [property: Id(6)] bool? Verified = null);

[GenerateSerializer, Immutable, Alias("VotingPowerView")]
public sealed record VotingPowerView(
    [property: Id(0)] long VotingPower,
    [property: Id(1)] bool CanVote,
    [property: Id(2)] bool HasVoted,
    [property: Id(3)] string Strategy);
