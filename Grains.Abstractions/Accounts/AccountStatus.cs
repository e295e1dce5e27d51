namespace FinAegis.Grains.Abstractions.Accounts;

public static class AccountStatus
{
    public const string Active = "active";
    public const string Frozen = "frozen";
    public const string Closed = "closed";
}
