using System.Collections.Immutable;
using System.Runtime.InteropServices;
using FinAegis.Grains.Abstractions.Accounts;
using FinAegis.Grains.Abstractions.Transfers;

namespace FinAegis.Grains.Accounts;

/// <summary>
/// An account folded from its events. Pure: the Apply methods only transition state; every rule is checked in
/// <see cref="AccountGrain"/> before an event is raised. Serialized as JSON into snapshots.
/// </summary>
[GenerateSerializer, Alias("AccountState")]
public sealed class AccountState
{
    /// <summary>How many recent operation ids are remembered so a retried internal operation applies once.</summary>
    public const int RecentOperationWindow = 256;

    [Id(0)]
    public bool Exists { get; set; }

    [Id(1)]
    public Guid Uuid { get; set; }

    [Id(2)]
    public Guid UserUuid { get; set; }

    [Id(3)]
    public string Name { get; set; } = "";

    [Id(4)]
    public string Status { get; set; } = AccountStatus.Active;

    [Id(5)]
    public Dictionary<string, long> Balances { get; set; } = new(StringComparer.Ordinal);

    [Id(6)]
    public DateTimeOffset CreatedAt { get; set; }

    [Id(7)]
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>
    /// The last <see cref="RecentOperationWindow"/> money movements, oldest first, keyed by operation id. The windows are
    /// immutable arrays of immutable views: the journaled-grain adaptor deep-copies the whole state after every append,
    /// and an immutable array is copied by reference, where a list was copied element by element (a tenth of the silo's
    /// CPU once the windows were full).
    /// </summary>
    [Id(8)]
    public ImmutableArray<TransactionView> RecentOperations { get; set; } = [];

    /// <summary>Outgoing transfers debited here whose credit has not been settled yet, by transfer id.</summary>
    [Id(9)]
    public Dictionary<Guid, TransferView> PendingTransfers { get; set; } = [];

    /// <summary>The last <see cref="RecentOperationWindow"/> settled outgoing transfers, oldest first.</summary>
    [Id(10)]
    public ImmutableArray<TransferView> RecentTransfers { get; set; } = [];

    public TransferView? FindTransfer(Guid transferUuid)
    {
        if (PendingTransfers.TryGetValue(transferUuid, out var pending))
        {
            return pending;
        }
        return FindLast(RecentTransfers, transferUuid, static transfer => transfer.Uuid);
    }
    /// <summary>The last <see cref="RecentOperationWindow"/> exchanges, oldest first, so a retried exchange answers what it answered.</summary>
    [Id(11)]
    public ImmutableArray<ExchangeView> RecentExchanges { get; set; } = [];

    public ExchangeView? FindExchange(Guid exchangeUuid) => FindLast(RecentExchanges, exchangeUuid, static exchange => exchange.Uuid);

    public long BalanceOf(string assetCode) => Balances.GetValueOrDefault(assetCode);

    // Newest first: a retry almost always concerns a recent operation.
    public TransactionView? FindOperation(Guid operationId) => FindLast(RecentOperations, operationId, static operation => operation.Uuid);

    public void Apply(AccountEvent @event)
    {
        switch (@event)
        {
            case AccountCreated created:
                Exists = true;
                Uuid = created.AccountUuid;
                UserUuid = created.UserUuid;
                Name = created.Name;
                Status = AccountStatus.Active;
                CreatedAt = created.OccurredAt;
                break;
            case MoneyAdded added:
                Balances[added.AssetCode] = BalanceOf(added.AssetCode) + added.Amount;
                Remember(new TransactionView(added.OperationId, Uuid, TransactionTypes.Deposit, added.AssetCode, added.Amount,
                    added.BalanceAfter, added.Description, null, added.OccurredAt));
                break;
            case MoneySubtracted subtracted:
                Balances[subtracted.AssetCode] = BalanceOf(subtracted.AssetCode) - subtracted.Amount;
                Remember(new TransactionView(subtracted.OperationId, Uuid, TransactionTypes.Withdrawal, subtracted.AssetCode,
                    subtracted.Amount, subtracted.BalanceAfter, subtracted.Description, null, subtracted.OccurredAt));
                break;
            case TransferInitiated initiated:
                PendingTransfers[initiated.TransferUuid] = new TransferView(initiated.TransferUuid, TransferStatus.Pending, Uuid,
                    initiated.ToAccountUuid, initiated.AssetCode, initiated.Amount, initiated.ToAssetCode, initiated.ToAmount,
                    initiated.Rate, initiated.Reference, initiated.Description, null, initiated.OccurredAt, null);
                break;
            case MoneyTransferred moved:
                Balances[moved.AssetCode] = BalanceOf(moved.AssetCode) + (moved.IsCredit ? moved.Amount : -moved.Amount);
                Remember(new TransactionView(moved.OperationId, Uuid, moved.IsCredit ? TransactionTypes.TransferIn : TransactionTypes.TransferOut,
                    moved.AssetCode, moved.Amount, moved.BalanceAfter, moved.Description, moved.TransferUuid, moved.OccurredAt));
                break;
            case TransferCompleted completed:
                Settle(completed.TransferUuid, transfer => transfer with { Status = TransferStatus.Completed, CompletedAt = completed.OccurredAt });
                break;
            case TransferFailed failed:
                Settle(failed.TransferUuid, transfer => transfer with
                {
                    Status = TransferStatus.Failed, FailureReason = failed.Reason, CompletedAt = failed.OccurredAt,
                });
                break;
            case AssetExchangedOut exchangedOut:
                Balances[exchangedOut.AssetCode] = BalanceOf(exchangedOut.AssetCode) - exchangedOut.Amount;
                Remember(new TransactionView(exchangedOut.OperationId, Uuid, TransactionTypes.ExchangeOut, exchangedOut.AssetCode,
                    exchangedOut.Amount, exchangedOut.BalanceAfter, exchangedOut.Description, null, exchangedOut.OccurredAt));
                break;
            case AssetExchangedIn exchangedIn:
                Balances[exchangedIn.AssetCode] = BalanceOf(exchangedIn.AssetCode) + exchangedIn.Amount;
                Remember(new TransactionView(exchangedIn.OperationId, Uuid, TransactionTypes.ExchangeIn, exchangedIn.AssetCode,
                    exchangedIn.Amount, exchangedIn.BalanceAfter, exchangedIn.Description, null, exchangedIn.OccurredAt));
                RememberExchange(new ExchangeView(exchangedIn.ExchangeUuid, Uuid, exchangedIn.CounterAssetCode, exchangedIn.AssetCode,
                    exchangedIn.CounterAmount, exchangedIn.Amount, exchangedIn.Rate, exchangedIn.RateNumerator, exchangedIn.RateDenominator,
                    exchangedIn.Derivation, BalanceOf(exchangedIn.CounterAssetCode), exchangedIn.BalanceAfter, exchangedIn.OccurredAt));
                break;
            case AccountFrozen:
                Status = AccountStatus.Frozen;
                break;
            case AccountUnfrozen:
                Status = AccountStatus.Active;
                break;
            case AccountClosed:
                Status = AccountStatus.Closed;
                break;
        }
        UpdatedAt = @event.OccurredAt;
    }

    /// <summary>A copy without the operation window: enough to project read models after a batch of events.</summary>
    public AccountState CopyForProjection() => new()
    {
        Exists = Exists,
        Uuid = Uuid,
        UserUuid = UserUuid,
        Name = Name,
        Status = Status,
        Balances = new Dictionary<string, long>(Balances, StringComparer.Ordinal),
        CreatedAt = CreatedAt,
        UpdatedAt = UpdatedAt,
        PendingTransfers = new Dictionary<Guid, TransferView>(PendingTransfers),
    };

    public AccountView ToView(int version) =>
        new(Uuid, UserUuid, Name, Status, new Dictionary<string, long>(Balances, StringComparer.Ordinal), CreatedAt, UpdatedAt, version);

    private void Settle(Guid transferUuid, Func<TransferView, TransferView> settle)
    {
        if (PendingTransfers.Remove(transferUuid, out var transfer))
        {
            RecentTransfers = AddToWindow(RecentTransfers, settle(transfer));
        }
    }

    private void RememberExchange(ExchangeView exchange) => RecentExchanges = AddToWindow(RecentExchanges, exchange);

    private void Remember(TransactionView operation) => RecentOperations = AddToWindow(RecentOperations, operation);

    /// <summary>A new window: the last <see cref="RecentOperationWindow"/> - 1 items of <paramref name="window"/>, then <paramref name="item"/>.</summary>
    private static ImmutableArray<T> AddToWindow<T>(ImmutableArray<T> window, T item)
    {
        var kept = window.IsDefault ? 0 : Math.Min(window.Length, RecentOperationWindow - 1);
        var items = new T[kept + 1];
        window.AsSpan(window.Length - kept, kept).CopyTo(items);
        items[kept] = item;
        return ImmutableCollectionsMarshal.AsImmutableArray(items);
    }

    /// <summary>The newest item of the window with the given id. The id selector is static: a lookup runs on every operation and allocates nothing.</summary>
    private static T? FindLast<T>(ImmutableArray<T> window, Guid uuid, Func<T, Guid> uuidOf) where T : class
    {
        if (window.IsDefault)
        {
            return null;
        }
        for (var i = window.Length - 1; i >= 0; i--)
        {
            if (uuidOf(window[i]) == uuid)
            {
                return window[i];
            }
        }
        return null;
    }
}
