using FinAegis.Grains.Abstractions.Accounts;
using FinAegis.Grains.Abstractions.Common;
using FinAegis.Tests.Infrastructure;

namespace FinAegis.Tests.Accounts;

[Collection(ClusterCollection.Name)]
public sealed class AccountGrainTests(ClusterFixture fixture)
{
    private static readonly Caller _admin = new(Guid.NewGuid(), IsAdmin: true);

    private async Task<(IAccountGrain Grain, Caller Owner)> OpenAsync(long usdDeposit = 0)
    {
        var owner = new Caller(Guid.NewGuid(), IsAdmin: false);
        var grain = fixture.Client.GetGrain<IAccountGrain>(Guid.NewGuid());
        var opened = await grain.Open(new OpenAccount(owner, owner.UserUuid, "Main"));
        Assert.Null(opened.Error);
        if (usdDeposit > 0)
        {
            Assert.Null((await grain.Deposit(Move(owner, usdDeposit))).Error);
        }
        return (grain, owner);
    }

    private static MoveMoney Move(Caller caller, long amount, string asset = "USD", Guid? operationId = null) =>
        new(caller, operationId ?? Guid.NewGuid(), asset, amount, "test");

    [Fact]
    public async Task Deposit_and_withdraw_change_the_balance_and_report_balance_after()
    {
        var (grain, owner) = await OpenAsync();
        var deposit = await grain.Deposit(Move(owner, 10_000));
        Assert.Equal(10_000, deposit.Transaction!.BalanceAfter);
        Assert.Equal(TransactionTypes.Deposit, deposit.Transaction.Type);
        var withdrawal = await grain.Withdraw(Move(owner, 2_500));
        Assert.Equal(7_500, withdrawal.Transaction!.BalanceAfter);
        Assert.Equal(TransactionTypes.Withdrawal, withdrawal.Transaction.Type);
        var btc = await grain.Deposit(Move(owner, 123_456_789, "BTC"));
        Assert.Equal(123_456_789, btc.Transaction!.BalanceAfter);
        var account = (await grain.Get(owner)).Account!;
        Assert.Equal(7_500, account.Balances["USD"]);
        Assert.Equal(123_456_789, account.Balances["BTC"]);
        Assert.Equal(4, account.Version);
    }

    [Fact]
    public async Task Overdrawing_is_refused_with_the_balance_and_the_amount()
    {
        var (grain, owner) = await OpenAsync(usdDeposit: 100);
        var result = await grain.Withdraw(Move(owner, 101));
        Assert.Equal(ErrorCodes.InsufficientFunds, result.Error!.Code);
        Assert.Equal("100", result.Error.Details!["current_balance"]);
        Assert.Equal("101", result.Error.Details!["requested_amount"]);
        Assert.Equal(100, (await grain.Get(owner)).Account!.Balances["USD"]);
    }

    [Fact]
    public async Task Unknown_assets_and_other_users_are_refused()
    {
        var (grain, owner) = await OpenAsync(usdDeposit: 100);
        Assert.Equal(ErrorCodes.AssetNotFound, (await grain.Deposit(Move(owner, 1, "NOPE"))).Error!.Code);
        var stranger = new Caller(Guid.NewGuid(), false);
        Assert.Equal(ErrorCodes.Forbidden, (await grain.Get(stranger)).Error!.Code);
        Assert.Equal(ErrorCodes.Forbidden, (await grain.Withdraw(Move(stranger, 1))).Error!.Code);
        Assert.Equal(ErrorCodes.Forbidden, (await grain.Deposit(Move(stranger, 1))).Error!.Code);
        Assert.Equal(ErrorCodes.Forbidden, (await grain.Close(new ChangeAccountStatus(stranger, null))).Error!.Code);
        Assert.NotNull((await grain.Get(_admin)).Account);
        Assert.Equal(ErrorCodes.AccountNotFound, (await fixture.Client.GetGrain<IAccountGrain>(Guid.NewGuid()).Get(owner)).Error!.Code);
    }

    [Fact]
    public async Task Freeze_rules()
    {
        var (grain, owner) = await OpenAsync(usdDeposit: 500);
        Assert.Equal(ErrorCodes.Forbidden, (await grain.Freeze(new ChangeAccountStatus(owner, "mine"))).Error!.Code);
        Assert.Equal(ErrorCodes.AccountNotFrozen, (await grain.Unfreeze(new ChangeAccountStatus(_admin, "x"))).Error!.Code);
        Assert.Equal(AccountStatus.Frozen, (await grain.Freeze(new ChangeAccountStatus(_admin, "fraud check"))).Account!.Status);
        Assert.Equal(ErrorCodes.AccountAlreadyFrozen, (await grain.Freeze(new ChangeAccountStatus(_admin, "again"))).Error!.Code);
        Assert.Equal(ErrorCodes.AccountFrozen, (await grain.Deposit(Move(owner, 1))).Error!.Code);
        Assert.Equal(ErrorCodes.AccountFrozen, (await grain.Withdraw(Move(owner, 1))).Error!.Code);
        Assert.Equal(ErrorCodes.AccountFrozen, (await grain.Close(new ChangeAccountStatus(owner, null))).Error!.Code);
        Assert.Equal(AccountStatus.Active, (await grain.Unfreeze(new ChangeAccountStatus(_admin, "cleared"))).Account!.Status);
        Assert.Null((await grain.Withdraw(Move(owner, 500))).Error);
    }

    [Fact]
    public async Task Close_needs_zero_balances_and_then_refuses_everything()
    {
        var (grain, owner) = await OpenAsync(usdDeposit: 5);
        var refused = await grain.Close(new ChangeAccountStatus(owner, null));
        Assert.Equal(ErrorCodes.AccountHasBalance, refused.Error!.Code);
        Assert.Null((await grain.Withdraw(Move(owner, 5))).Error);
        Assert.Equal(AccountStatus.Closed, (await grain.Close(new ChangeAccountStatus(owner, null))).Account!.Status);
        Assert.Equal(ErrorCodes.AccountClosed, (await grain.Deposit(Move(owner, 1))).Error!.Code);
        Assert.Equal(ErrorCodes.AccountClosed, (await grain.Close(new ChangeAccountStatus(owner, null))).Error!.Code);
        Assert.Equal(ErrorCodes.AccountClosed, (await grain.Freeze(new ChangeAccountStatus(_admin, "x"))).Error!.Code);
    }

    [Fact]
    public async Task Two_hundred_concurrent_withdrawals_never_overdraw()
    {
        const long balance = 10_000;
        const long amount = 70;
        var (grain, owner) = await OpenAsync(usdDeposit: balance);
        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => grain.Withdraw(Move(owner, amount))));
        var succeeded = results.Count(r => r.Error is null);
        Assert.Equal(balance / amount, succeeded);
        Assert.All(results.Where(r => r.Error is not null), r => Assert.Equal(ErrorCodes.InsufficientFunds, r.Error!.Code));
        var expected = balance - succeeded * amount;
        Assert.Equal(expected, (await grain.Get(owner)).Account!.Balances["USD"]);
        Assert.All(results.Where(r => r.Error is null), r => Assert.True(r.Transaction!.BalanceAfter >= 0));
        var stored = await fixture.Database.ScalarAsync<long>(
            "SELECT balance FROM account_balances WHERE account_uuid = @a AND asset_code = 'USD'", ("@a", grain.GetPrimaryKey().ToString()));
        Assert.Equal(expected, stored);
        var events = await fixture.Database.ScalarAsync<long>(
            "SELECT COUNT(*) FROM stored_events WHERE aggregate_uuid = @a AND event_class = 'MoneySubtracted'", ("@a", grain.GetPrimaryKey().ToString()));
        Assert.Equal(succeeded, events);
    }

    [Fact]
    public async Task A_retried_operation_id_applies_once()
    {
        var (grain, owner) = await OpenAsync(usdDeposit: 1_000);
        var operation = Guid.NewGuid();
        var first = await grain.Withdraw(Move(owner, 300, operationId: operation));
        var again = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => grain.Withdraw(Move(owner, 300, operationId: operation))));
        Assert.False(first.Replayed);
        Assert.All(again, r =>
        {
            Assert.True(r.Replayed);
            Assert.Equal(first.Transaction, r.Transaction);
        });
        Assert.Equal(700, (await grain.Get(owner)).Account!.Balances["USD"]);
    }

    [Fact]
    public async Task State_survives_deactivation()
    {
        var (grain, owner) = await OpenAsync(usdDeposit: 4_200);
        await grain.Withdraw(Move(owner, 200));
        var before = (await grain.Get(owner)).Account!;
        await fixture.Cluster.DeactivateAsync(grain);
        var after = (await grain.Get(owner)).Account!;
        Assert.Equal(before.Balances, after.Balances);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.Status, after.Status);
    }

    [Fact]
    public async Task Read_models_follow_the_events_in_the_same_commit()
    {
        var (grain, owner) = await OpenAsync(usdDeposit: 1_000);
        await grain.Withdraw(Move(owner, 250));
        await grain.Deposit(Move(owner, 5, "EUR"));
        var id = grain.GetPrimaryKey().ToString();
        Assert.Equal(750L, await fixture.Database.ScalarAsync<long>("SELECT balance FROM accounts WHERE uuid = @a", ("@a", id)));
        Assert.Equal(5L, await fixture.Database.ScalarAsync<long>(
            "SELECT balance FROM account_balances WHERE account_uuid = @a AND asset_code = 'EUR'", ("@a", id)));
        Assert.Equal(1_000L, await fixture.Database.ScalarAsync<long>(
            "SELECT SUM(credit) FROM turnovers WHERE account_uuid = @a AND asset_code = 'USD'", ("@a", id)));
        Assert.Equal(250L, await fixture.Database.ScalarAsync<long>(
            "SELECT SUM(debit) FROM turnovers WHERE account_uuid = @a AND asset_code = 'USD'", ("@a", id)));
        Assert.Equal(owner.UserUuid.ToString(), await fixture.Database.ScalarAsync<string>("SELECT user_uuid FROM accounts WHERE uuid = @a", ("@a", id)));
    }
}
