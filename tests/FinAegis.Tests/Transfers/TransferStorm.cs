using FinAegis.Grains.Abstractions.Accounts;
using FinAegis.Grains.Abstractions.Common;
using FinAegis.Grains.Abstractions.Transfers;
using FinAegis.Tests.Infrastructure;

namespace FinAegis.Tests.Transfers;

/// <summary>
/// A storm of transfers between funded accounts, each re-sent with its transfer id until it gets an answer (what a
/// client does with its Idempotency-Key), and the checks that money survived whatever failed meanwhile.
/// </summary>
internal sealed class TransferStorm
{
    public const long Initial = 100_000;

    private readonly ClusterFixture _fixture;
    private readonly Caller _owner = new(Guid.NewGuid(), false);
    private int _finished;

    private TransferStorm(ClusterFixture fixture, List<IAccountGrain> accounts)
    {
        _fixture = fixture;
        Accounts = accounts;
    }

    public List<IAccountGrain> Accounts { get; }

    /// <summary>Transfers answered so far.</summary>
    public int Finished => Volatile.Read(ref _finished);

    public static async Task<TransferStorm> OpenAccountsAsync(ClusterFixture fixture, int count)
    {
        var storm = new TransferStorm(fixture, Enumerable.Range(0, count).Select(_ => fixture.Client.GetGrain<IAccountGrain>(Guid.NewGuid())).ToList());
        foreach (var account in storm.Accounts)
        {
            await account.Open(new OpenAccount(storm._owner, storm._owner.UserUuid, "storm"));
            await account.Deposit(new MoveMoney(storm._owner, Guid.NewGuid(), "USD", Initial, null));
        }
        return storm;
    }

    /// <summary>Runs <paramref name="transfers"/> random transfers, <paramref name="concurrency"/> at a time.</summary>
    public async Task<TransferResult[]> RunAsync(int transfers, int concurrency, int seed = 7)
    {
        var random = new Random(seed);
        var plan = Enumerable.Range(0, transfers).Select(_ =>
        {
            var from = random.Next(Accounts.Count);
            var to = (from + 1 + random.Next(Accounts.Count - 1)) % Accounts.Count;
            var command = new StartTransfer(_owner, Guid.NewGuid(), Accounts[to].GetPrimaryKey(), "USD", random.Next(1, 5_000), null, null);
            return (Source: Accounts[from], Command: command);
        }).ToList();

        using var gate = new SemaphoreSlim(concurrency);
        return await Task.WhenAll(plan.Select(async step =>
        {
            await gate.WaitAsync();
            try
            {
                var deadline = DateTime.UtcNow.AddSeconds(90);
                while (true)
                {
                    try
                    {
                        // The same transfer id every time: a retry can never start a second transfer.
                        var result = await step.Source.StartTransfer(step.Command);
                        Interlocked.Increment(ref _finished);
                        return result;
                    }
                    catch (Exception) when (DateTime.UtcNow < deadline)
                    {
                        await Task.Delay(200);
                    }
                }
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    /// <summary>
    /// Every answer a success or a refusal for funds; nothing left pending after the sweeper's bound; money conserved in
    /// the grains and the read model; nothing negative; no transfer moved money twice; every completed transfer credited once.
    /// </summary>
    public async Task AssertMoneyIsIntactAsync(IEnumerable<TransferResult> outcomes)
    {
        Assert.All(outcomes, o => Assert.True(o.Error is null || o.Error.Code == ErrorCodes.InsufficientFunds, o.Error?.Code));

        var settleDeadline = DateTime.UtcNow.AddSeconds(60);
        while (await _fixture.Database.ScalarAsync<long>("SELECT COUNT(*) FROM transfers WHERE status = 'pending'") > 0)
        {
            Assert.True(DateTime.UtcNow < settleDeadline, "transfers stayed pending beyond the recovery bound");
            await Task.Delay(250);
        }

        var admin = new Caller(Guid.NewGuid(), true);
        var balances = new List<long>();
        foreach (var account in Accounts)
        {
            balances.Add((await Eventually.RetryAsync(() => account.Get(admin))).Account!.Balances["USD"]);
        }
        Assert.All(balances, b => Assert.True(b >= 0));
        Assert.Equal(Initial * Accounts.Count, balances.Sum());
        Assert.Equal(Initial * Accounts.Count, await _fixture.Database.ScalarAsync<long>("SELECT SUM(balance) FROM account_balances"));
        Assert.Equal(0L, await _fixture.Database.ScalarAsync<long>("""
            SELECT COUNT(*) FROM (
              SELECT aggregate_uuid, JSON_UNQUOTE(JSON_EXTRACT(event_properties, '$.operation_id')) AS op, COUNT(*) AS n
              FROM stored_events WHERE event_class = 'MoneyTransferred' GROUP BY aggregate_uuid, op HAVING n > 1) AS dup
            """));
        Assert.Equal(await _fixture.Database.ScalarAsync<long>("SELECT COUNT(*) FROM transfers WHERE status = 'completed'"),
            await _fixture.Database.ScalarAsync<long>("""
                SELECT COUNT(*) FROM stored_events WHERE event_class = 'MoneyTransferred'
                AND JSON_UNQUOTE(JSON_EXTRACT(event_properties, '$.direction')) = 'in'
                """));
    }
}
