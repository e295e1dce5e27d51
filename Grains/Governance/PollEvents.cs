using FinAegis.Grains.Abstractions.Governance;

namespace FinAegis.Grains.Governance;

/// <summary>
/// The events of a poll's stream, stored as snake_case JSON under the names of <see cref="PollEventCodec"/>. Never
/// rename a property (stored JSON depends on it) nor reorder or reuse an [Id].
/// </summary>
[GenerateSerializer, Immutable, Alias("PollEvent")]
public abstract record PollEvent([property: Id(0)] DateTimeOffset OccurredAt);

[GenerateSerializer, Immutable, Alias("PollCreated")]
public sealed record PollCreated(
    [property: Id(0)] Guid PollUuid,
    [property: Id(1)] PollDefinition Definition,
    [property: Id(2)] Guid CreatedBy,
    DateTimeOffset OccurredAt) : PollEvent(OccurredAt);

[GenerateSerializer, Immutable, Alias("PollActivated")]
public sealed record PollActivated([property: Id(0)] Guid ActivatedBy, DateTimeOffset OccurredAt) : PollEvent(OccurredAt);

/// <summary>A vote; <see cref="VotedAt"/> is whole seconds (the `votes` column's precision) so the stored row verifies.</summary>
[GenerateSerializer, Immutable, Alias("VoteCast")]
public sealed record VoteCast(
    [property: Id(0)] Guid UserUuid,
    [property: Id(1)] IReadOnlyList<VoteSelection> Selections,
    [property: Id(2)] long VotingPower,
    [property: Id(3)] DateTimeOffset VotedAt,
    [property: Id(4)] string Signature,
    DateTimeOffset OccurredAt) : PollEvent(OccurredAt);

/// <summary>
/// Voting ended. <see cref="ClosedBy"/> is null when the poll closed itself at end_date. <see cref="RegisteredUsers"/>
/// freezes the participation denominator, so the final result never changes as users register later.
/// </summary>
[GenerateSerializer, Immutable, Alias("PollClosed")]
public sealed record PollClosed(
    [property: Id(0)] Guid? ClosedBy,
    [property: Id(1)] long RegisteredUsers,
    DateTimeOffset OccurredAt) : PollEvent(OccurredAt);

[GenerateSerializer, Immutable, Alias("PollCancelled")]
public sealed record PollCancelled([property: Id(0)] Guid CancelledBy, DateTimeOffset OccurredAt) : PollEvent(OccurredAt);

/// <summary>The asset an add_asset workflow creates (written to `assets` with the event).</summary>
[GenerateSerializer, Immutable, Alias("AssetToAdd")]
public sealed record AssetToAdd(
    [property: Id(0)] string Code,
    [property: Id(1)] string Name,
    [property: Id(2)] string Type,
    [property: Id(3)] int Precision,
    [property: Id(4)] string? MetadataJson);

/// <summary>The setting an update_setting workflow writes (upserted into `settings` with the event).</summary>
[GenerateSerializer, Immutable, Alias("SettingToUpdate")]
public sealed record SettingToUpdate(
    [property: Id(0)] string Key,
    [property: Id(1)] string Value,
    [property: Id(2)] string Type);

/// <summary>The workflow ran; its effect (<see cref="Asset"/> or <see cref="Setting"/>) commits in the same transaction.</summary>
[GenerateSerializer, Immutable, Alias("PollExecuted")]
public sealed record PollExecuted(
    [property: Id(0)] string Workflow,
    [property: Id(1)] string WinningOption,
    [property: Id(2)] string Detail,
    [property: Id(3)] AssetToAdd? Asset,
    [property: Id(4)] SettingToUpdate? Setting,
    DateTimeOffset OccurredAt) : PollEvent(OccurredAt);

[GenerateSerializer, Immutable, Alias("PollExecutionFailed")]
public sealed record PollExecutionFailed(
    [property: Id(0)] string Workflow,
    [property: Id(1)] string? WinningOption,
    [property: Id(2)] string Reason,
    DateTimeOffset OccurredAt) : PollEvent(OccurredAt);

/// <summary>No winner (tie, no votes, participation missed): the workflow was not run and the poll stays closed.</summary>
[GenerateSerializer, Immutable, Alias("PollExecutionSkipped")]
public sealed record PollExecutionSkipped(
    [property: Id(0)] string Workflow,
    [property: Id(1)] string Reason,
    DateTimeOffset OccurredAt) : PollEvent(OccurredAt);
