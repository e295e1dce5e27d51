using FinAegis.Grains.Abstractions.Common;

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
}
