namespace FinAegis.Grains.Abstractions.Webhooks;

/// <summary>The event catalogue of SPEC §9: the names a webhook may subscribe to and the outbox emits.</summary>
public static class WebhookEvents
{
    public const string AccountCreated = "account.created";
    public const string AccountUpdated = "account.updated";
    public const string AccountFrozen = "account.frozen";
    public const string AccountUnfrozen = "account.unfrozen";
    public const string AccountClosed = "account.closed";
    public const string TransactionCreated = "transaction.created";
    public const string TransactionReversed = "transaction.reversed";
    public const string TransferCreated = "transfer.created";
    public const string TransferCompleted = "transfer.completed";
    public const string TransferFailed = "transfer.failed";
    public const string BalanceLow = "balance.low_balance";
    public const string BalanceNegative = "balance.negative_balance";
    public const string PollCreated = "poll.created";
    public const string PollActivated = "poll.activated";
    public const string PollCompleted = "poll.completed";
    public const string RateUpdated = "rate.updated";

    public static IReadOnlyList<string> All { get; } =
    [
        AccountCreated, AccountUpdated, AccountFrozen, AccountUnfrozen, AccountClosed,
        TransactionCreated, TransactionReversed,
        TransferCreated, TransferCompleted, TransferFailed,
        BalanceLow, BalanceNegative,
        PollCreated, PollActivated, PollCompleted,
        RateUpdated,
    ];

    public static bool IsKnown(string? name) => name is not null && All.Contains(name, StringComparer.Ordinal);
}
