using FinAegis.Api.Assets;
using FinAegis.Grains.Abstractions.Accounts;
using FinAegis.Grains.Abstractions.Money;

namespace FinAegis.Api.Accounts;

/// <summary>From grain contracts to the HTTP shapes of SPEC §5.</summary>
public static class AccountMapping
{
    public static async Task<AccountDto> ToDtoAsync(AccountView account, AssetDirectory assets)
    {
        var balances = new List<BalanceDto>();
        foreach (var (code, minor) in account.Balances.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            balances.Add(new BalanceDto(code, minor, await FormatAsync(minor, code, assets)));
        }
        return new AccountDto(account.Uuid, account.UserUuid, account.Name, account.Status,
            account.Balances.GetValueOrDefault("USD"), balances, account.CreatedAt, account.UpdatedAt, account.Version);
    }

    public static async Task<TransactionDto> ToDtoAsync(TransactionView transaction, AssetDirectory assets) =>
        new(transaction.Uuid, transaction.AccountUuid, transaction.Type, transaction.AssetCode, transaction.Amount,
            transaction.BalanceAfter, await FormatAsync(transaction.Amount, transaction.AssetCode, assets),
            transaction.Description, transaction.TransferUuid, transaction.CreatedAt);

    public static async Task<string> FormatAsync(long minor, string assetCode, AssetDirectory assets)
    {
        var asset = await assets.FindAsync(assetCode);
        return MinorUnits.Format(minor, asset?.Precision ?? 0, assetCode);
    }
}
