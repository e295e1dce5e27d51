using FinAegis.Grains.Abstractions.Accounts;
using FinAegis.Grains.Abstractions.Common;
using FinAegis.Grains.Abstractions.Transfers;
using FinAegis.Tests.Infrastructure;

namespace FinAegis.Tests.Transfers;

[Collection(ClusterCollection.Name)]
public sealed class TransferGrainTests(ClusterFixture fixture)
{
    private static readonly Caller _admin = new(Guid.NewGuid(), true);

    private async Task<(IAccountGrain Grain, Caller Owner)> OpenAsync(long usd = 0, Caller? owner = null)
    {
        owner ??= new Caller(Guid.NewGuid(), false);
        var grain = fixture.Client.GetGrain<IAccountGrain>(Guid.NewGuid());
        Assert.Null((await grain.Open(new OpenAccount(owner, owner.UserUuid, "T"))).Error);
        if (usd > 0)
        {
            Assert.Null((await grain.Deposit(new MoveMoney(owner, Guid.NewGuid(), "USD", usd, null))).Error);
        }
        return (grain, owner);
    }

    private static StartTransfer Transfer(Caller caller, IAccountGrain to, long amount, Guid? id = null) =>
        new(caller, id ?? Guid.NewGuid(), to.GetPrimaryKey(), "USD", amount, "ref", "rent");

    private static async Task<long> UsdAsync(IAccountGrain grain) => (await grain.Get(_admin)).Account!.Balances.GetValueOrDefault("USD");

    [Fact]
    public async Task A_transfer_debits_the_source_credits_the_destination_and_completes()
    {
        var (source, owner) = await OpenAsync(usd: 1_000);
        var (destination, _) = await OpenAsync();
        var result = await source.StartTransfer(Transfer(owner, destination, 400));
        Assert.Null(result.Error);
        Assert.Equal(TransferStatus.Completed, result.Transfer!.Status);
        Assert.NotNull(result.Transfer.CompletedAt);
        Assert.Equal(600, await UsdAsync(source));
        Assert.Equal(400, await UsdAsync(destination));
        var row = await fixture.Database.ScalarAsync<string>("SELECT status FROM transfers WHERE uuid = @u", ("@u", result.Transfer.Uuid.ToString()));
        Assert.Equal("completed", row);
        var classes = await fixture.Database.ScalarAsync<string>(
            "SELECT GROUP_CONCAT(event_class ORDER BY aggregate_version) FROM stored_events WHERE aggregate_uuid = @a AND aggregate_version > 2",
            ("@a", source.GetPrimaryKey().ToString()));
        Assert.Equal("TransferInitiated,MoneyTransferred,TransferCompleted", classes);
    }

    [Fact]
    public async Task Refusals_before_money_moves_leave_nothing_behind()
    {
        var (source, owner) = await OpenAsync(usd: 100);
        var (destination, _) = await OpenAsync();
        Assert.Equal(ErrorCodes.InsufficientFunds, (await source.StartTransfer(Transfer(owner, destination, 101))).Error!.Code);
        Assert.Equal(ErrorCodes.SameAccount, (await source.StartTransfer(Transfer(owner, source, 1))).Error!.Code);
        var stranger = new Caller(Guid.NewGuid(), false);
        Assert.Equal(ErrorCodes.Forbidden, (await source.StartTransfer(Transfer(stranger, destination, 1))).Error!.Code);
        await source.Freeze(new ChangeAccountStatus(_admin, "check"));
        Assert.Equal(ErrorCodes.SourceAccountFrozen, (await source.StartTransfer(Transfer(owner, destination, 1))).Error!.Code);
        Assert.Equal(100, await UsdAsync(source));
        Assert.Equal(0L, await fixture.Database.ScalarAsync<long>("SELECT COUNT(*) FROM transfers WHERE from_account_uuid = @a",
            ("@a", source.GetPrimaryKey().ToString())));
    }

    [Fact]
    public async Task A_destination_that_cannot_take_the_credit_is_refused_before_money_moves()
    {
        var (source, owner) = await OpenAsync(usd: 500);
        var (destination, _) = await OpenAsync();
        await destination.Freeze(new ChangeAccountStatus(_admin, "frozen"));
        Assert.Equal(ErrorCodes.DestinationAccountFrozen, (await source.StartTransfer(Transfer(owner, destination, 200))).Error!.Code);
        var missing = fixture.Client.GetGrain<IAccountGrain>(Guid.NewGuid());
        Assert.Equal(ErrorCodes.DestinationAccountNotFound, (await source.StartTransfer(Transfer(owner, missing, 50))).Error!.Code);
        Assert.Equal(500, await UsdAsync(source));
        Assert.Equal(0L, await fixture.Database.ScalarAsync<long>("SELECT COUNT(*) FROM transfers WHERE from_account_uuid = @a",
            ("@a", source.GetPrimaryKey().ToString())));
    }

    [Fact]
    public async Task A_credit_refused_after_the_debit_is_refunded_and_the_transfer_fails()
    {
        var (source, owner) = await OpenAsync(usd: 500);
        var (destination, destinationOwner) = await OpenAsync();
        // The destination passes the pre-check but cannot take this credit: its balance would pass 2^53-1.
        await destination.Deposit(new MoveMoney(destinationOwner, Guid.NewGuid(), "USD", Grains.Abstractions.Money.MinorUnits.Max - 50, null));
        var result = await source.StartTransfer(Transfer(owner, destination, 200));
        Assert.Null(result.Error);
        Assert.Equal(TransferStatus.Failed, result.Transfer!.Status);
        Assert.Equal(ErrorCodes.ValidationFailed, result.Transfer.FailureReason);
        Assert.Equal(500, await UsdAsync(source));
        Assert.Equal(Grains.Abstractions.Money.MinorUnits.Max - 50, await UsdAsync(destination));
        var history = await fixture.Client.GetGrain<IAccountQueryGrain>(0).ListTransactions(
            new TransactionQuery(source.GetPrimaryKey(), null, TransactionTypes.TransferIn, 10, null));
        Assert.Equal(200, Assert.Single(history.Data).Amount); // the refund
        Assert.Equal("failed", await fixture.Database.ScalarAsync<string>("SELECT status FROM transfers WHERE uuid = @u",
            ("@u", result.Transfer.Uuid.ToString())));
    }

    [Fact]
    public async Task The_same_transfer_id_moves_money_once()
    {
        var (source, owner) = await OpenAsync(usd: 1_000);
        var (destination, _) = await OpenAsync();
        var id = Guid.NewGuid();
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => source.StartTransfer(Transfer(owner, destination, 300, id))));
        Assert.All(results, r => Assert.Equal(TransferStatus.Completed, r.Transfer!.Status));
        Assert.Equal(1, results.Count(r => !r.Replayed));
        Assert.Equal(700, await UsdAsync(source));
        Assert.Equal(300, await UsdAsync(destination));
    }

    [Fact]
    public async Task Hot_accounts_conserve_money_under_concurrent_transfers_both_ways()
    {
        var owner = new Caller(Guid.NewGuid(), false);
        var accounts = new List<IAccountGrain>();
        for (var i = 0; i < 5; i++)
        {
            accounts.Add((await OpenAsync(usd: 10_000, owner)).Grain);
        }
        var random = new Random(42);
        var transfers = Enumerable.Range(0, 400).Select(_ =>
        {
            var from = random.Next(accounts.Count);
            var to = (from + 1 + random.Next(accounts.Count - 1)) % accounts.Count;
            return accounts[from].StartTransfer(Transfer(owner, accounts[to], random.Next(1, 800)));
        });
        var results = await Task.WhenAll(transfers);
        Assert.All(results, r => Assert.True(r.Error is null || r.Error.Code == ErrorCodes.InsufficientFunds, r.Error?.Code));
        Assert.All(results.Where(r => r.Error is null), r => Assert.Equal(TransferStatus.Completed, r.Transfer!.Status));
        var balances = await Task.WhenAll(accounts.Select(UsdAsync));
        Assert.All(balances, b => Assert.True(b >= 0));
        Assert.Equal(50_000, balances.Sum());
        var ids = string.Join(",", accounts.Select(a => $"'{a.GetPrimaryKey()}'"));
        Assert.Equal(50_000L, await fixture.Database.ScalarAsync<long>($"SELECT SUM(balance) FROM account_balances WHERE account_uuid IN ({ids})"));
    }
}
