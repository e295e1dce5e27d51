using FinAegis.Grains.Abstractions.Common;

namespace FinAegis.Grains.Abstractions.Governance;

/// <summary>
/// Everything a poll is created with (SPEC §8). <see cref="VotingPowerConfigJson"/> is the client's object as given;
/// <see cref="AssetCode"/> and <see cref="MaxSelections"/> are the parts of it the rules read.
/// </summary>
[GenerateSerializer, Immutable, Alias("PollDefinition")]
public sealed record PollDefinition(
    [property: Id(0)] string Title,
    [property: Id(1)] string? Description,
    [property: Id(2)] string Type,
    [property: Id(3)] IReadOnlyList<PollOption> Options,
    [property: Id(4)] DateTimeOffset StartDate,
    [property: Id(5)] DateTimeOffset EndDate,
    [property: Id(6)] int? RequiredParticipation,
    [property: Id(7)] string VotingPowerStrategy,
    [property: Id(8)] string? VotingPowerConfigJson,
    [property: Id(9)] string AssetCode,
    [property: Id(10)] int? MaxSelections,
    [property: Id(11)] string? ExecutionWorkflow);

[GenerateSerializer, Immutable, Alias("CreatePoll")]
public sealed record CreatePoll([property: Id(0)] Caller Caller, [property: Id(1)] PollDefinition Definition);

[GenerateSerializer, Immutable, Alias("CastVote")]
public sealed record CastVote([property: Id(0)] Caller Caller, [property: Id(1)] IReadOnlyList<VoteSelection> Selections);
