using FinAegis.Grains.Abstractions.Accounts;
using FinAegis.Grains.Abstractions.Common;
using FinAegis.Grains.Abstractions.Transfers;
using FinAegis.Tests.Infrastructure;

namespace FinAegis.Tests.Integrity;

/// <summary>
/// A cluster of its own (the integrity tests tamper with and wipe its tables) holding a ledger built by real grain
/// traffic: accounts in several assets, deposits, withdrawals, completed transfers, a transfer to a missing account
/// that fails and is refunded, a frozen account, and enough events on one account to cross a snapshot; plus rate
/// history on two pairs and two polls (see LedgerFixture.RatesAndPolls.cs).
/// </summary>
public sealed partial class LedgerFixture : ClusterFixture
{
    public static readonly Caller Admin = new(Guid.NewGuid(), true);

    public Guid Alice { get; } = Guid.NewGuid();

    public Guid Bob { get; } = Guid.NewGuid();

    public Guid Carol { get; } = Guid.NewGuid();

    /// <summary>Holds nearly 2^53-1 USD, so a further credit is refused after the debit: the refunded transfer.</summary>
    public Guid Dave { get; } = Guid.NewGuid();

    public Guid FailedTransfer { get; } = Guid.NewGuid();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var alice = await OpenAsync(Alice, "Alice");
        var bob = await OpenAsync(Bob, "Bob");
        var carol = await OpenAsync(Carol, "Carol");
        var dave = await OpenAsync(Dave, "Dave");
        await MoveAsync(alice.Deposit, "USD", 10_000);
        await MoveAsync(alice.Deposit, "EUR", 5_000);
        await MoveAsync(bob.Deposit, "USD", 2_000);
        await MoveAsync(carol.Deposit, "BTC", 100_000_000);
        for (var i = 1; i <= 25; i++)
        {
            await MoveAsync(alice.Deposit, "USD", i);
        }
        await MoveAsync(alice.Withdraw, "USD", 1_500);
        await MoveAsync(bob.Withdraw, "USD", 500);
        await TransferAsync(alice, Bob, "USD", 2_500, TransferStatus.Completed);
        await TransferAsync(bob, Alice, "USD", 100, TransferStatus.Completed);
        await TransferAsync(alice, Carol, "EUR", 1_000, TransferStatus.Completed);
        await MoveAsync(dave.Deposit, "USD", Grains.Abstractions.Money.MinorUnits.Max - 100);
        await TransferAsync(alice, Dave, "USD", 700, TransferStatus.Failed, FailedTransfer);
        Ok((await carol.Freeze(new ChangeAccountStatus(Admin, "integrity test"))).Error);
        await BuildRatesAndPollsAsync();
    }

    public IAccountGrain Account(Guid id) => Client.GetGrain<IAccountGrain>(id);

    public static Task<TransactionResult> Deposit(IAccountGrain grain, string asset, long amount)
        => grain.Deposit(new MoveMoney(Admin, Guid.NewGuid(), asset, amount, "traffic"));

    public async Task<TransferResult> Transfer(Guid from, Guid to, string asset, long amount)
        => await Account(from).StartTransfer(new StartTransfer(Admin, Guid.NewGuid(), to, asset, amount, "ref", "traffic"));

    private async Task<IAccountGrain> OpenAsync(Guid id, string name)
    {
        var grain = Account(id);
        Ok((await grain.Open(new OpenAccount(Admin, Guid.NewGuid(), name))).Error);
        return grain;
    }

    private static async Task MoveAsync(Func<MoveMoney, Task<TransactionResult>> move, string asset, long amount)
        => Ok((await move(new MoveMoney(Admin, Guid.NewGuid(), asset, amount, "ledger"))).Error);

    private static async Task TransferAsync(IAccountGrain from, Guid to, string asset, long amount, string expected, Guid? id = null)
    {
        var result = await from.StartTransfer(new StartTransfer(Admin, id ?? Guid.NewGuid(), to, asset, amount, "ref", "ledger"));
        Ok(result.Error);
        if (result.Transfer!.Status != expected)
        {
            throw new InvalidOperationException($"Transfer ended {result.Transfer.Status}, expected {expected}.");
        }
    }

    private static void Ok(DomainError? error)
    {
        if (error is not null)
        {
            throw new InvalidOperationException($"Building the ledger failed: {error.Code} {error.Message}");
        }
    }
}
