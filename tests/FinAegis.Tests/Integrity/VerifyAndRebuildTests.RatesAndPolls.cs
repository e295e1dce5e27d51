using System.Globalization;

namespace FinAegis.Tests.Integrity;

/// <summary>
/// Verify on the exchange-rate history and the poll read models of the real-traffic ledger: an edited rate, an edited
/// poll status, an inflated voting power and a stuffed ballot are each named by stream, row and values. (Rebuilding
/// them after a wipe is covered with the other read models in VerifyAndRebuildTests.)
/// </summary>
public sealed partial class VerifyAndRebuildTests
{
    [Fact]
    public async Task A_rate_edited_in_exchange_rates_is_named_by_pair_row_and_values()
    {
        const string FirstUsdEur = "UPDATE exchange_rates SET rate = rate {0} 0.5 WHERE from_asset = 'USD' AND to_asset = 'EUR' ORDER BY fetched_at LIMIT 1";
        await ledger.Database.ExecuteAsync(string.Format(CultureInfo.InvariantCulture, FirstUsdEur, "+"));
        try
        {
            var run = await Cli.RunAsync("verify", "--connection", Connection, "--quiet");

            Assert.True(run.ExitCode == 1, run.ToString());
            var fetchedAt = ledger.FirstUsdEurFetchedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
            Assert.Contains($"ValueMismatch: stream {LedgerFixture.UsdEur}: exchange_rates[from_asset=USD, to_asset=EUR, fetched_at={fetchedAt}].rate: "
                + "expected 0.91, found 1.41", run.Out);
            Assert.Contains(": 1 differences.", run.Out);
        }
        finally
        {
            await ledger.Database.ExecuteAsync(string.Format(CultureInfo.InvariantCulture, FirstUsdEur, "-"));
        }
        Assert.Equal(0, (await Cli.RunAsync("verify", "--connection", Connection, "--quiet")).ExitCode);
    }

    [Fact]
    public async Task A_tampered_poll_status_voting_power_or_stuffed_ballot_is_named_by_poll_row_and_values()
    {
        var poll = ledger.ExecutedPoll.ToString();
        var voter = ledger.Voters[1].ToString();
        var stuffer = Guid.NewGuid().ToString();
        await ledger.Database.ExecuteAsync("UPDATE polls SET status = 'cancelled' WHERE uuid = @p;"
            + " UPDATE votes SET voting_power = 7 WHERE user_uuid = @v AND poll_id = (SELECT id FROM polls WHERE uuid = @p);"
            + " INSERT INTO votes (poll_id, user_uuid, selected_options, voting_power, voted_at) SELECT id, @s, '[\"no\"]', 1, NOW() FROM polls WHERE uuid = @p",
            ("@p", poll), ("@v", voter), ("@s", stuffer));
        try
        {
            var run = await Cli.RunAsync("verify", "--connection", Connection, "--quiet");

            Assert.True(run.ExitCode == 1, run.ToString());
            Assert.Contains($"ValueMismatch: stream {poll}: polls[uuid={poll}].status: expected executed, found cancelled", run.Out);
            Assert.Contains($"ValueMismatch: stream {poll}: votes[poll_id={poll}, user_uuid={voter}].voting_power: expected 1, found 7", run.Out);
            Assert.Contains($"UnexpectedRow: stream {poll}: votes[poll_id={poll}, user_uuid={stuffer}]: the events produce no such row", run.Out);
            Assert.Contains(": 3 differences.", run.Out);
            Assert.DoesNotContain($"stream {ledger.ActivePoll}", run.Out);
        }
        finally
        {
            await ledger.Database.ExecuteAsync("UPDATE polls SET status = 'executed' WHERE uuid = @p;"
                + " UPDATE votes SET voting_power = 1 WHERE user_uuid = @v AND poll_id = (SELECT id FROM polls WHERE uuid = @p);"
                + " DELETE FROM votes WHERE user_uuid = @s", ("@p", poll), ("@v", voter), ("@s", stuffer));
        }
        Assert.Equal(0, (await Cli.RunAsync("verify", "--connection", Connection, "--quiet")).ExitCode);
    }
}
