using FinAegis.Grains.Abstractions.Governance;

namespace FinAegis.Grains.Governance;

/// <summary>Turns a poll's running tally into its results (SPEC §8): shares, participation, and the winner or a tie.</summary>
public static class PollTally
{
    public static PollResultsView Compute(PollState state, long registeredUsers, bool isFinal)
    {
        var definition = state.Definition!;
        var totalVotes = state.Voters.Count;
        var totalPowerHundredths = state.TotalVotingPower * 100m;
        var options = definition.Options.Select(option =>
        {
            var tally = state.Tallies.GetValueOrDefault(option.Id) ?? new OptionTally();
            var percentage = totalPowerHundredths == 0 ? 0m : Round(tally.PowerHundredths * 100m / totalPowerHundredths);
            return new OptionResultView(option.Id, tally.Votes, tally.PowerHundredths / 100m, percentage);
        }).ToList();
        var participation = registeredUsers <= 0 ? 0m : Round(totalVotes * 100m / registeredUsers);
        // Compared in integers so rounding the displayed percentage never flips the outcome.
        var participationMet = definition.RequiredParticipation is not { } required || (long)totalVotes * 100 >= required * registeredUsers;
        var (winner, isTie) = Winner(definition, state);
        return new PollResultsView(options, totalVotes, state.TotalVotingPower, participation, registeredUsers, participationMet,
            participationMet ? winner : null, isTie, isFinal);
    }

    /// <summary>The option with the most voting power; none when nobody voted, or two or more share the top.</summary>
    private static (string? Winner, bool IsTie) Winner(PollDefinition definition, PollState state)
    {
        long best = 0;
        var leaders = new List<string>();
        foreach (var option in definition.Options)
        {
            var power = state.Tallies.GetValueOrDefault(option.Id)?.PowerHundredths ?? 0;
            if (power <= 0 || power < best)
            {
                continue;
            }
            if (power > best)
            {
                best = power;
                leaders.Clear();
            }
            leaders.Add(option.Id);
        }
        return leaders.Count switch
        {
            1 => (leaders[0], false),
            0 => (null, false),
            _ => (null, true),
        };
    }

    private static decimal Round(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);
}
