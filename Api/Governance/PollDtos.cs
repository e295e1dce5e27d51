using System.Text.Json;

namespace FinAegis.Api.Governance;

/// <summary>`POST /api/polls`. Structured members stay JsonElement so their shape is checked by hand (422, not 400).</summary>
public sealed record CreatePollRequest(string? Title, string? Description, string? Type, JsonElement? Options, string? StartDate,
    string? EndDate, int? RequiredParticipation, string? VotingPowerStrategy, JsonElement? VotingPowerConfig, string? ExecutionWorkflow);

public sealed record VoteRequest(JsonElement? SelectedOptions);

public sealed record PollOptionDto(string Id, string Label, string? Description, JsonElement? Metadata);

public sealed record ExecutionResultDto(string Status, string? WinningOption, string Detail, DateTimeOffset At);

public sealed record PollDto(Guid Uuid, string Title, string? Description, string Type, IReadOnlyList<PollOptionDto> Options,
    DateTimeOffset StartDate, DateTimeOffset EndDate, string Status, int? RequiredParticipation, string VotingPowerStrategy,
    JsonElement? VotingPowerConfig, string? ExecutionWorkflow, Guid CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    ExecutionResultDto? ExecutionResult);

public sealed record OptionResultDto(string Id, string Label, long Votes, decimal VotingPower, decimal Percentage);

public sealed record PollResultsDto(IReadOnlyList<OptionResultDto> Options, long TotalVotes, long TotalVotingPower, decimal Participation,
    long RegisteredUsers, int? RequiredParticipation, bool ParticipationMet, string? WinningOption, bool IsTie, bool IsFinal);

/// <summary>A vote's selections: option ids for choice polls, {id, weight} for weighted ones, as the voter sent them.</summary>
public sealed record VoteDto(Guid PollUuid, Guid UserUuid, JsonElement SelectedOptions, long VotingPower, DateTimeOffset VotedAt,
    string Signature, bool? Verified);

public sealed record VotingPowerDto(long VotingPower, bool CanVote, bool HasVoted, string Strategy);

/// <summary>SPEC §8 shows voting-power unwrapped; every other answer wraps in data. Both are given so either reading works.</summary>
public sealed record VotingPowerEnvelope(VotingPowerDto Data, long VotingPower, bool CanVote, bool HasVoted, string Strategy);
