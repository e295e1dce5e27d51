using System.Text.Json;
using FinAegis.Grains.Abstractions.Governance;

namespace FinAegis.Api.Governance;

/// <summary>From grain contracts to the HTTP shapes of SPEC §8.</summary>
public static class PollMapping
{
    public static PollDto ToDto(PollView poll)
    {
        var d = poll.Definition;
        return new PollDto(poll.Uuid, d.Title, d.Description, d.Type,
            d.Options.Select(o => new PollOptionDto(o.Id, o.Label, o.Description, Parse(o.MetadataJson))).ToList(),
            d.StartDate, d.EndDate, poll.Status, d.RequiredParticipation, d.VotingPowerStrategy, Parse(d.VotingPowerConfigJson),
            d.ExecutionWorkflow, poll.CreatedBy, poll.CreatedAt, poll.UpdatedAt,
            poll.ExecutionResult is { } r ? new ExecutionResultDto(r.Status, r.WinningOption, r.Detail, r.At) : null);
    }

    public static PollResultsDto ToDto(PollResultsView results, PollView poll)
    {
        var labels = poll.Definition.Options.ToDictionary(o => o.Id, o => o.Label, StringComparer.Ordinal);
        return new PollResultsDto(
            results.Options.Select(o => new OptionResultDto(o.Id, labels.GetValueOrDefault(o.Id) ?? o.Id, o.Votes, o.VotingPower, o.Percentage)).ToList(),
            results.TotalVotes, results.TotalVotingPower, results.Participation, results.RegisteredUsers, poll.Definition.RequiredParticipation,
            results.ParticipationMet, results.WinningOption, results.IsTie, results.IsFinal);
    }

    public static VoteDto ToDto(VoteView vote) =>
        new(vote.PollUuid, vote.UserUuid, Selections(vote.Selections), vote.VotingPower, vote.VotedAt, vote.Signature, vote.Verified);

    private static JsonElement Selections(IReadOnlyList<VoteSelection> selections)
    {
        object payload = selections.Any(s => s.Weight is not null)
            ? selections.Select(s => new Dictionary<string, object?> { ["id"] = s.OptionId, ["weight"] = s.Weight }).ToList()
            : selections.Select(s => s.OptionId).ToList();
        return JsonSerializer.SerializeToElement(payload);
    }

    private static JsonElement? Parse(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement.Clone();
}
