using FinAegis.Grains.Abstractions.Common;
using FinAegis.Grains.Abstractions.Governance;

namespace FinAegis.Grains.Governance;

/// <summary>Which selections a poll's type accepts (SPEC §8); every refusal is INVALID_OPTIONS.</summary>
public static class VoteRules
{
    public static DomainError? Check(PollDefinition poll, IReadOnlyList<VoteSelection> selections)
    {
        if (selections.Count == 0)
        {
            return Invalid("Select at least one option.");
        }
        var known = poll.Options.Select(o => o.Id).ToHashSet(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var selection in selections)
        {
            if (!known.Contains(selection.OptionId))
            {
                return Invalid($"'{Shorten(selection.OptionId)}' is not an option of this poll.");
            }
            if (!seen.Add(selection.OptionId))
            {
                return Invalid($"The option '{selection.OptionId}' is selected twice.");
            }
        }
        switch (poll.Type)
        {
            case PollTypes.SingleChoice:
                if (selections.Count != 1)
                {
                    return Invalid("A single-choice poll takes exactly one option.");
                }
                return selections[0].Weight is null or 100 ? null : Invalid("A single-choice vote has no weights.");
            case PollTypes.MultipleChoice:
                if (poll.MaxSelections is { } max && selections.Count > max)
                {
                    return Invalid($"Select at most {max} options.");
                }
                return selections.Any(s => s.Weight is not null) ? Invalid("A multiple-choice vote has no weights.") : null;
            case PollTypes.Weighted:
                if (selections.Any(s => s.Weight is null or < 1 or > 100))
                {
                    return Invalid("Every option of a weighted vote needs a whole-number weight from 1 to 100.");
                }
                return selections.Sum(s => s.Weight!.Value) == 100 ? null : Invalid("The weights must sum to 100.");
            default:
                return Invalid("Unknown poll type.");
        }
    }

    private static DomainError Invalid(string message) => DomainError.Of(ErrorCodes.InvalidOptions, message);

    private static string Shorten(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
