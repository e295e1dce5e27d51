using FinAegis.Grains.Abstractions.Common;

namespace FinAegis.Grains.Abstractions.Accounts;

[GenerateSerializer, Immutable, Alias("AccountResult")]
public sealed record AccountResult([property: Id(0)] AccountView? Account, [property: Id(1)] DomainError? Error)
{
    public static AccountResult Ok(AccountView account) => new(account, null);
    public static AccountResult Fail(DomainError error) => new(null, error);
}

[GenerateSerializer, Immutable, Alias("TransactionResult")]
public sealed record TransactionResult(
    [property: Id(0)] TransactionView? Transaction,
    [property: Id(1)] DomainError? Error,
    [property: Id(2)] bool Replayed = false)
{
    public static TransactionResult Ok(TransactionView transaction, bool replayed = false) => new(transaction, null, replayed);
    public static TransactionResult Fail(DomainError error) => new(null, error);
}
