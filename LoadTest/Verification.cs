namespace FinAegis.LoadTest;

public sealed record AssetCheck(string Asset, long ExpectedMin, long ExpectedMax, long Actual, bool Conserved);

public sealed record AccountMismatch(int Account, string Asset, long ExpectedMin, long ExpectedMax, long Actual);

public sealed record VerificationResult(
    IReadOnlyList<AssetCheck> Assets,
    IReadOnlyList<AccountMismatch> Mismatches,
    int NegativeBalances,
    int UnreadableAccounts)
{
    public bool Passed => Assets.All(check => check.Conserved) && Mismatches.Count == 0 && NegativeBalances == 0 && UnreadableAccounts == 0;
}

/// <summary>
/// The end-of-run check: per asset, the sum of the accounts' balances equals what was deposited minus withdrawn (plus
/// exchange effects), transfers having moved money only between them; every account holds what its acknowledged
/// operations say (no acknowledged transfer lost or applied twice); no balance is negative.
/// </summary>
public static class Verification
{
    /// <param name="actual">Balances read back per account (index) and asset; null for an account that could not be read.</param>
    public static VerificationResult Check(Ledger ledger, IReadOnlyList<IReadOnlyDictionary<string, long>?> actual)
    {
        var mismatches = new List<AccountMismatch>();
        var negative = 0;
        var unreadable = actual.Count(balances => balances is null);
        var assets = new List<AssetCheck>();
        foreach (var asset in ledger.Assets)
        {
            long sum = 0;
            for (var account = 0; account < ledger.Accounts; account++)
            {
                if (actual[account] is not { } balances)
                {
                    continue;
                }
                var balance = balances.GetValueOrDefault(asset);
                sum += balance;
                if (balance < 0)
                {
                    negative++;
                }
                var (min, max) = ledger.ExpectedBalance(account, asset);
                if (balance < min || balance > max)
                {
                    mismatches.Add(new AccountMismatch(account, asset, min, max, balance));
                }
            }
            var (totalMin, totalMax) = ledger.ExpectedTotal(asset);
            assets.Add(new AssetCheck(asset, totalMin, totalMax, sum, unreadable == 0 && sum >= totalMin && sum <= totalMax));
        }
        return new VerificationResult(assets, mismatches, negative, unreadable);
    }
}
