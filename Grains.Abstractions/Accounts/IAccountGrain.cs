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

    [Alias("Freeze")]
    Task<AccountResult> Freeze(ChangeAccountStatus command);

    [Alias("Unfreeze")]
    Task<AccountResult> Unfreeze(ChangeAccountStatus command);

    [Alias("Close")]
    Task<AccountResult> Close(ChangeAccountStatus command);
}
