namespace FinAegis.Grains.Abstractions.Accounts;

/// <summary>The money-movement types of an account's history (SPEC §5).</summary>
public static class TransactionTypes
{
    public const string Deposit = "deposit";
    public const string Withdrawal = "withdrawal";
    public const string TransferIn = "transfer_in";
    public const string TransferOut = "transfer_out";
    public const string ExchangeIn = "exchange_in";
    public const string ExchangeOut = "exchange_out";

    public static readonly IReadOnlySet<string> All = new HashSet<string>
    {
        Deposit, Withdrawal, TransferIn, TransferOut, ExchangeIn, ExchangeOut,
    };
}
