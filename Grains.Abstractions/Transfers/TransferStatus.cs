namespace FinAegis.Grains.Abstractions.Transfers;

public static class TransferStatus
{
    public const string Pending = "pending";
    public const string Completed = "completed";
    public const string Failed = "failed";
}
