namespace FinAegis.Grains.Abstractions.Identity;

/// <summary>
/// The token abilities of SPEC §4 and the one rule that reads them. Shared by the API (route checks) and the silo
/// (minting tokens), so both sides agree on what `*` means.
/// </summary>
public static class Abilities
{
    public const string All = "*";
    public const string AccountsRead = "accounts:read";
    public const string AccountsWrite = "accounts:write";
    public const string TransfersWrite = "transfers:write";
    public const string GovernanceVote = "governance:vote";
    public const string Admin = "admin";

    public static IReadOnlyList<string> Known { get; } = [All, AccountsRead, AccountsWrite, TransfersWrite, GovernanceVote, Admin];

    /// <summary>What a login token carries: everything, plus `admin` only for administrators.</summary>
    public static IReadOnlyList<string> ForLogin(bool isAdmin) => isAdmin ? [All, Admin] : [All];

    public static bool IsKnown(string? ability) => ability is not null && Known.Contains(ability, StringComparer.Ordinal);

    /// <summary>
    /// Whether a token holding <paramref name="granted"/> may do <paramref name="required"/>. `*` covers every
    /// ability except `admin`, which must be granted by name and only counts while the user is an administrator
    /// (a demoted user's old tokens lose it at once).
    /// </summary>
    public static bool Allows(IEnumerable<string> granted, string required, bool userIsAdmin)
    {
        if (required == Admin)
        {
            return userIsAdmin && granted.Contains(Admin, StringComparer.Ordinal);
        }
        return granted.Any(a => a == All || a == required);
    }

    /// <summary>
    /// Whether every ability in <paramref name="requested"/> is within what <paramref name="granted"/> allows, so a
    /// token can only ever mint a narrower (or equal) token. `*` can only be passed on by a token that holds `*`.
    /// </summary>
    public static bool AreWithin(IEnumerable<string> requested, IReadOnlyCollection<string> granted, bool userIsAdmin) =>
        requested.All(r => r == All ? granted.Contains(All, StringComparer.Ordinal) : Allows(granted, r, userIsAdmin));
}
