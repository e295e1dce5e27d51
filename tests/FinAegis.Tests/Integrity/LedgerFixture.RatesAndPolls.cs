using FinAegis.Grains.Abstractions.Common;
using FinAegis.Grains.Abstractions.Governance;
using FinAegis.Grains.Abstractions.Rates;

namespace FinAegis.Tests.Integrity;

/// <summary>
/// The exchange-rate and governance part of the ledger: USD/EUR set three times (history), EUR/USD once with an
/// expiry and metadata; a poll voted by three users, closed, and executed (its update_setting workflow writes a
/// `settings` row, which is not a projection), and a second poll still active with one weighted vote.
/// </summary>
public sealed partial class LedgerFixture
{
    public const string UsdEur = "USD/EUR";
    public const string EurUsd = "EUR/USD";

    public Guid ExecutedPoll { get; } = Guid.NewGuid();

    public Guid ActivePoll { get; } = Guid.NewGuid();

    public Guid[] Voters { get; } = [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()];

    /// <summary>The first USD/EUR rate's fetched_at (the row the rate tampering test edits).</summary>
    public DateTimeOffset FirstUsdEurFetchedAt { get; private set; }

    public string SettingKey { get; } = "integrity.ledger." + Guid.NewGuid().ToString("N")[..8];

    private async Task BuildRatesAndPollsAsync()
    {
        FirstUsdEurFetchedAt = await SetRateAsync(UsdEur, 0.91m, null, null);
        await SetRateAsync(UsdEur, 0.92m, null, """{"feed": "ecb", "batch": 2}""");
        await SetRateAsync(UsdEur, 0.9175m, null, null);
        await SetRateAsync(EurUsd, 1.09m, DateTimeOffset.UtcNow.AddDays(1), """{"feed": "manual"}""");

        var now = DateTimeOffset.UtcNow;
        var executed = Client.GetGrain<IPollGrain>(ExecutedPoll);
        Ok((await executed.Create(new CreatePoll(Admin, new PollDefinition("Raise the limit?", "integrity ledger", PollTypes.SingleChoice,
            [new PollOption("yes", "Yes", null, $$"""{"key": "{{SettingKey}}", "value": 25}"""), new PollOption("no", "No", null, null)],
            now.AddMinutes(-1), now.AddDays(1), null, VotingPowerStrategies.OneUserOneVote, null, "USD", null, ExecutionWorkflows.UpdateSetting)))).Error);
        Ok((await executed.Activate(Admin)).Error);
        Ok((await executed.Vote(new CastVote(new Caller(Voters[0], false), [new VoteSelection("yes", null)]))).Error);
        Ok((await executed.Vote(new CastVote(new Caller(Voters[1], false), [new VoteSelection("no", null)]))).Error);
        Ok((await executed.Vote(new CastVote(new Caller(Voters[2], false), [new VoteSelection("yes", null)]))).Error);
        var closed = await executed.Close(Admin);
        Ok(closed.Error);
        if (closed.Poll!.Status != PollStatuses.Executed)
        {
            throw new InvalidOperationException($"The poll ended {closed.Poll.Status}, expected executed.");
        }

        var active = Client.GetGrain<IPollGrain>(ActivePoll);
        Ok((await active.Create(new CreatePoll(Admin, new PollDefinition("Split the budget", null, PollTypes.Weighted,
            [new PollOption("a", "A", "first", null), new PollOption("b", "B", null, null), new PollOption("c", "C", null, null)],
            now.AddMinutes(-1), now.AddDays(1), 10, VotingPowerStrategies.OneUserOneVote, """{"note": "weights in %"}""", "USD", null, null)))).Error);
        Ok((await active.Activate(Admin)).Error);
        Ok((await active.Vote(new CastVote(new Caller(Voters[0], false), [new VoteSelection("a", 70), new VoteSelection("c", 30)]))).Error);
    }

    private async Task<DateTimeOffset> SetRateAsync(string pair, decimal rate, DateTimeOffset? expiresAt, string? metadata)
    {
        var result = await Client.GetGrain<IExchangeRateGrain>(pair).Set(new SetExchangeRate(Admin, rate, ExchangeRateSources.Manual, expiresAt, metadata));
        Ok(result.Error);
        return result.Rate!.FetchedAt;
    }
}
