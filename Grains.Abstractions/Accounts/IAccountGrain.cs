using FinAegis.Grains.Abstractions.Common;
using FinAegis.Grains.Abstractions.Transfers;

namespace FinAegis.Grains.Abstractions.Accounts;

/// <summary>One bank account, event-sourced. Key: the account UUID.</summary>
[Alias("IAccountGrain")]
public interface IAccountGrain : IGrainWithGuidKey
{
    [Alias("Open")]
    Task<AccountResult> Open(OpenAccount command);

    [Alias("Get")]
    Task<AccountResult> Get(Caller caller);

    [Alias("Deposit")]
    Task<TransactionResult> Deposit(MoveMoney command);

    [Alias("Withdraw")]
    Task<TransactionResult> Withdraw(MoveMoney command);

    /// <summary>Converts between two assets of this account at the current effective rate, both legs in one event batch.</summary>
    [Alias("Exchange")]
    Task<ExchangeResult> Exchange(ExchangeCurrency command);

    [Alias("Freeze")]
    Task<AccountResult> Freeze(ChangeAccountStatus command);

    [Alias("Unfreeze")]
    Task<AccountResult> Unfreeze(ChangeAccountStatus command);

    [Alias("Close")]
    Task<AccountResult> Close(ChangeAccountStatus command);

    /// <summary>On the source account: debits and starts a transfer, drives it to completed or failed.</summary>
    [Alias("StartTransfer")]
    Task<TransferResult> StartTransfer(StartTransfer command);

    /// <summary>On the destination: whether a credit of the asset would be accepted now (checked before money moves).</summary>
    [Alias("CheckCanReceive")]
    Task<DomainError?> CheckCanReceive(string assetCode);

    /// <summary>On the destination: applies a transfer's credit once, however often it is sent.</summary>
    [Alias("ReceiveTransfer")]
    Task<CreditOutcome> ReceiveTransfer(TransferCredit credit);

    /// <summary>On the source: drives every transfer it has left pending (the recovery sweeper calls this).</summary>
    [Alias("ResumeTransfers")]
    Task ResumeTransfers();
}
