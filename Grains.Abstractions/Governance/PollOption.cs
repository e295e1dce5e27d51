namespace FinAegis.Grains.Abstractions.Governance;

/// <summary>One choice of a poll. <see cref="MetadataJson"/> is a JSON object (the asset or setting a workflow applies) or null.</summary>
[GenerateSerializer, Immutable, Alias("PollOption")]
public sealed record PollOption(
    [property: Id(0)] string Id,
    [property: Id(1)] string Label,
    [property: Id(2)] string? Description,
    [property: Id(3)] string? MetadataJson);

/// <summary>One selected option of a vote; <see cref="Weight"/> is the percentage for weighted polls, null otherwise.</summary>
[GenerateSerializer, Immutable, Alias("VoteSelection")]
public sealed record VoteSelection([property: Id(0)] string OptionId, [property: Id(1)] int? Weight);
