using FinAegis.Grains.Abstractions.Idempotency;
using FinAegis.Grains.EventSourcing;
using FinAegis.Grains.EventStore;
using FinAegis.Grains.Integrity;

namespace FinAegis.Grains.Accounts;

/// <summary>
/// Account streams for `finaegis verify` / `rebuild-projections`: replays each append through the grain's own
/// <see cref="AccountReadModels.Project"/>, so the expected rows are exactly those the live writer wrote (accounts
/// with the legacy USD balance, account_balances, turnovers per day and asset, and the transfers this account
/// started). idempotency_keys is not a projection (the key and request hash live only there) and is left alone.
/// Also checks the stream against itself: every balance_after matches the replayed balance, no balance below zero.
/// </summary>
public sealed class AccountStreamProjection : IStreamProjection
{
    private static readonly HashSet<string> _eventClasses =
        new(((JsonEventCodec<AccountEvent>)AccountEventCodec.Instance).EventClasses, StringComparer.Ordinal);

    private static readonly IReadOnlyDictionary<Guid, IdempotencyClaim> _noClaims = new Dictionary<Guid, IdempotencyClaim>();

    public string Kind => "account";

    public IReadOnlyList<ReadModelTable> Tables { get; } =
    [
        new(AccountReadModels.Accounts, "uuid", "uuid"),
        new(AccountReadModels.Transfers, "from_account_uuid", "uuid"),
        new(AccountReadModels.Balances, "account_uuid", "account_uuid", "asset_code"),
        new(AccountReadModels.Turnovers, "account_uuid", "account_uuid", "period", "asset_code"),
    ];

    public bool Owns(string eventClass) => _eventClasses.Contains(eventClass);

    public IStreamReplay Begin(string streamId) => new Replay();

    private sealed class Replay : IStreamReplay
    {
        private readonly AccountState _state = new();

        public IReadOnlyList<ReadModelWrite> ApplyAppend(IReadOnlyList<StoredEvent> events, Action<StoredEvent, string> problem)
        {
            var decoded = events.Select(e => AccountEventCodec.Instance.Decode(e.EventClass, e.PropertiesJson)).ToList();
            // Project reads the state before the batch and copies it, exactly as the grain's ProjectReadModels does.
            var writes = AccountReadModels.Project(_state, decoded, _noClaims);
            for (var i = 0; i < decoded.Count; i++)
            {
                _state.Apply(decoded[i]);
                var (asset, balanceAfter) = decoded[i] switch
                {
                    MoneyAdded added => (added.AssetCode, added.BalanceAfter),
                    MoneySubtracted subtracted => (subtracted.AssetCode, subtracted.BalanceAfter),
                    MoneyTransferred moved => (moved.AssetCode, moved.BalanceAfter),
                    _ => (null, 0L),
                };
                if (asset is null)
                {
                    continue;
                }
                var balance = _state.BalanceOf(asset);
                if (balance != balanceAfter)
                {
                    problem(events[i], $"balance_after {balanceAfter} {asset}, but the events before it add up to {balance}");
                }
                if (balance < 0)
                {
                    problem(events[i], $"the {asset} balance goes below zero ({balance})");
                }
            }
            return writes;
        }
    }
}
