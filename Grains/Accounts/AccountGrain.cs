using System.Text.Json;
using FinAegis.Grains.Abstractions.Accounts;
using FinAegis.Grains.Abstractions.Common;
using FinAegis.Grains.Abstractions.Idempotency;
using FinAegis.Grains.Assets;
using FinAegis.Grains.EventSourcing;
using FinAegis.Grains.EventStore;
using FinAegis.Grains.Webhooks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Providers;

namespace FinAegis.Grains.Accounts;

/// <summary>
/// One account's event stream. Reentrant: while one append is being committed, further requests validate against
/// the tentative state and their events share the next append (DESIGN.md measured this doubling hot-account
/// throughput). Every event is raised conditionally, so an event is never re-submitted at a new position without
/// being validated again: when the position moved (another activation wrote, or an append whose outcome was unknown
/// did land) the operation loops, finds its operation id already applied, or re-checks its rules.
/// </summary>
[Reentrant]
[LogConsistencyProvider(ProviderName = "EventStore")]
public sealed partial class AccountGrain(IEventStore store, IOptions<EventStoreOptions> options, AssetCatalog assets,
    AccountStreamQueries streamQueries, WebhookOutbox webhooks, ILogger<AccountGrain> logger)
    : EventSourcedGrain<AccountState, AccountEvent>(store, options), IAccountGrain
{
    private const int MaxAttempts = 8;

    /// <summary>Idempotency-Keys of operations raised but not yet committed; the projection writes them with the events.</summary>
    private readonly Dictionary<Guid, IdempotencyClaim> _claims = [];

    protected override IEventCodec<AccountEvent> Codec => AccountEventCodec.Instance;

    protected override JsonSerializerOptions StateJsonOptions => AccountStateJson.Options;

    protected override DateTimeOffset CreatedAtOf(AccountEvent e) => e.OccurredAt;

    protected override EventMetadata MetadataOf(AccountEvent e) => e switch
    {
        MoneyAdded added => new EventMetadata(added.OperationId, added.UserUuid),
        MoneySubtracted subtracted => new EventMetadata(subtracted.OperationId, subtracted.UserUuid),
        MoneyTransferred moved => new EventMetadata(moved.OperationId, moved.UserUuid, moved.TransferUuid.ToString()),
        TransferInitiated initiated => new EventMetadata(initiated.TransferUuid, initiated.InitiatedBy, initiated.TransferUuid.ToString()),
        TransferCompleted completed => new EventMetadata(completed.TransferUuid, null, completed.TransferUuid.ToString()),
        TransferFailed failed => new EventMetadata(failed.TransferUuid, null, failed.TransferUuid.ToString()),
        AccountCreated created => new EventMetadata(null, created.CreatedBy),
        AccountFrozen frozen => new EventMetadata(null, frozen.FrozenBy),
        AccountUnfrozen unfrozen => new EventMetadata(null, unfrozen.UnfrozenBy),
        AccountClosed closed => new EventMetadata(null, closed.ClosedBy),
        AssetExchangedOut exchangedOut => new EventMetadata(exchangedOut.OperationId, exchangedOut.UserUuid, exchangedOut.ExchangeUuid.ToString()),
        AssetExchangedIn exchangedIn => new EventMetadata(exchangedIn.OperationId, exchangedIn.UserUuid, exchangedIn.ExchangeUuid.ToString()),
        _ => new EventMetadata(),
    };

    protected override IReadOnlyList<ReadModelWrite> ProjectReadModels(AccountState confirmedBefore, IReadOnlyList<AccountEvent> events) =>
        AccountReadModels.Project(confirmedBefore, events, _claims, webhooks);

    protected override void TransitionState(AccountState state, AccountEvent @event) => state.Apply(@event);

    private Guid AccountUuid => this.GetPrimaryKey();

    public async Task<AccountResult> Open(OpenAccount command)
    {
        if (!command.Caller.IsAdmin && command.OwnerUuid != command.Caller.UserUuid)
        {
            return AccountResult.Fail(DomainError.Of(ErrorCodes.Forbidden, "Only administrators open accounts for other users."));
        }
        if (StreamHoldsAnotherKind)
        {
            return AccountResult.Fail(DomainError.Of(ErrorCodes.InvalidState, "This uuid already names another kind of record."));
        }
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (TentativeState.Exists)
            {
                await ConfirmEvents();
                // Opening is idempotent for the same owner (a retried request); anyone else is refused.
                return State.UserUuid == command.OwnerUuid && State.Name == command.Name
                    ? AccountResult.Ok(View())
                    : AccountResult.Fail(DomainError.Of(ErrorCodes.InvalidState, "The account already exists."));
            }
            var created = new AccountCreated(AccountUuid, command.OwnerUuid, command.Name, command.Caller.UserUuid, StoredTime.Now());
            if (await RaiseConditionalEvent(created))
            {
                return AccountResult.Ok(View());
            }
        }
        return Contention();
    }

    public Task<AccountResult> Get(Caller caller)
    {
        if (!State.Exists)
        {
            // Nothing to keep in memory for an account that does not exist (a typo or a probe).
            DeactivateOnIdle();
            return Task.FromResult(NotFound());
        }
        return Task.FromResult(caller.MayAccess(State.UserUuid) ? AccountResult.Ok(View()) : Forbidden());
    }

    public Task<TransactionResult> Deposit(MoveMoney command) => UnderClaimAsync(command.Idempotency,
        () => MoveMoney(command, isCredit: true), result => result.Transaction, TransactionResult.Fail, TransactionResult.Ok);

    public Task<TransactionResult> Withdraw(MoveMoney command) => UnderClaimAsync(command.Idempotency,
        () => MoveMoney(command, isCredit: false), result => result.Transaction, TransactionResult.Fail, TransactionResult.Ok);

    /// <summary>
    /// Applies a request under its Idempotency-Key (SPEC §3), the whole claim in this grain: claim the key with the
    /// user's key grain (inside the cluster, so a keyed request is one call from the API), apply, then settle the
    /// claim. A key that is busy (409), was used with another body (422) or already has a result (a replay) is
    /// answered without applying anything, and that claim is left alone: it belongs to the first request. Unkeyed
    /// requests are simply applied.
    /// </summary>
    private async Task<TResult> UnderClaimAsync<TView, TResult>(IdempotencyClaim? claim, Func<Task<TResult>> apply,
        Func<TResult, TView?> viewOf, Func<DomainError, TResult> fail, Func<TView, bool, TResult> ok) where TView : class
    {
        if (claim is not null)
        {
            var begin = await GrainFactory.Grain<IIdempotencyGrain>(claim.UserUuid).Begin(claim.Key, claim.RequestHash);
            switch (begin.Outcome)
            {
                case IdempotencyOutcome.InFlight:
                    return fail(DomainError.Of(ErrorCodes.IdempotencyKeyInUse,
                        "A request with this Idempotency-Key is still being processed."));
                case IdempotencyOutcome.Mismatch:
                    return fail(DomainError.Of(ErrorCodes.IdempotencyKeyReused,
                        "This Idempotency-Key was used with a different request."));
                case IdempotencyOutcome.Completed:
                    return ok(JsonSerializer.Deserialize<TView>(begin.ResultJson!, ContractJson.Options)!, true);
            }
        }
        TResult result;
        try
        {
            result = await apply();
        }
        catch when (claim is not null)
        {
            // The API's rule, applied here too: a fault frees the key, for a retry to look the outcome up durably (the
            // key row is written with the events; the operation id guards what did commit). The API may never see this
            // fault: a nested call's rejection reaches it as a rejection of its own call, which it re-sends
            // (RejectedCallRetryFilter), and the re-sent call would otherwise find the key still claimed: a 409.
            await SettleClaimAsync<TView>(claim, null);
            throw;
        }
        await SettleClaimAsync(claim, viewOf(result));
        return result;
    }

    /// <summary>
    /// Tells the user's Idempotency-Key grain how a keyed request ended: its result (replays then answer from memory) or
    /// nothing applied (the key is free again). Done here rather than by the API: one call between silo and API fewer
    /// per keyed request. A fault never gets here; the API releases the key then.
    /// </summary>
    private async Task SettleClaimAsync<TResult>(IdempotencyClaim? claim, TResult? result) where TResult : class
    {
        if (claim is null)
        {
            return;
        }
        var keys = GrainFactory.Grain<IIdempotencyGrain>(claim.UserUuid);
        if (result is null)
        {
            await keys.Release(claim.Key, claim.RequestHash);
        }
        else
        {
            await keys.Complete(claim.Key, claim.RequestHash, JsonSerializer.Serialize(result, ContractJson.Options));
        }
    }

    public Task<AccountResult> Freeze(ChangeAccountStatus command) => ChangeStatus(command, state =>
        state.Status switch
        {
            AccountStatus.Frozen => DomainError.Of(ErrorCodes.AccountAlreadyFrozen, "The account is already frozen."),
            AccountStatus.Closed => DomainError.Of(ErrorCodes.AccountClosed, "The account is closed."),
            _ => null,
        },
        () => new AccountFrozen(command.Reason, command.Caller.UserUuid, StoredTime.Now()), adminOnly: true);

    public Task<AccountResult> Unfreeze(ChangeAccountStatus command) => ChangeStatus(command, state =>
        state.Status switch
        {
            AccountStatus.Active => DomainError.Of(ErrorCodes.AccountNotFrozen, "The account is not frozen."),
            AccountStatus.Closed => DomainError.Of(ErrorCodes.AccountClosed, "The account is closed."),
            _ => null,
        },
        () => new AccountUnfrozen(command.Reason, command.Caller.UserUuid, StoredTime.Now()), adminOnly: true);

    public Task<AccountResult> Close(ChangeAccountStatus command) => ChangeStatus(command, state =>
        state.Status switch
        {
            AccountStatus.Closed => DomainError.Of(ErrorCodes.AccountClosed, "The account is already closed."),
            AccountStatus.Frozen => DomainError.Of(ErrorCodes.AccountFrozen, "A frozen account cannot be closed."),
            _ when state.PendingTransfers.Count > 0 => DomainError.Of(ErrorCodes.InvalidState, "Outgoing transfers are still being settled."),
            _ when state.Balances.Any(balance => balance.Value != 0) => new DomainError(ErrorCodes.AccountHasBalance,
                "Every balance must be zero before the account is closed.",
                state.Balances.Where(b => b.Value != 0).ToDictionary(b => "balance_" + b.Key.ToLowerInvariant(), b => b.Value.ToString())),
            _ => null,
        },
        () => new AccountClosed(command.Reason, command.Caller.UserUuid, StoredTime.Now()), adminOnly: false);

    private async Task<TransactionResult> MoveMoney(MoveMoney command, bool isCredit)
    {
        if (!TentativeState.Exists)
        {
            DeactivateOnIdle();
            return TransactionResult.Fail(NotFound().Error!);
        }
        if (!command.Caller.MayAccess(TentativeState.UserUuid))
        {
            return TransactionResult.Fail(Forbidden().Error!);
        }
        if (command.Amount <= 0 || command.Amount > Abstractions.Money.MinorUnits.Max)
        {
            return TransactionResult.Fail(DomainError.Of(ErrorCodes.ValidationFailed, "The amount must be positive and at most 2^53-1 minor units."));
        }
        var asset = await assets.FindAsync(command.AssetCode);
        if (asset is null)
        {
            return TransactionResult.Fail(DomainError.Of(ErrorCodes.AssetNotFound, $"Unknown asset {command.AssetCode}."));
        }
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var state = TentativeState;
            if (state.FindOperation(command.OperationId) is not null)
            {
                // A retry of an operation this account already raised: once it is confirmed, answer what it answered.
                await ConfirmEvents();
                if (State.FindOperation(command.OperationId) is { } confirmed)
                {
                    return TransactionResult.Ok(confirmed, replayed: true);
                }
                continue; // it was raised but did not land: validate it again
            }
            var refusal = CheckMovement(state, command, asset.IsActive, isCredit);
            if (refusal is not null)
            {
                return TransactionResult.Fail(refusal);
            }
            var balance = state.BalanceOf(command.AssetCode);
            var now = StoredTime.Now();
            AccountEvent movement = isCredit
                ? new MoneyAdded(command.OperationId, command.AssetCode, command.Amount, balance + command.Amount, command.Description, command.Caller.UserUuid, now)
                : new MoneySubtracted(command.OperationId, command.AssetCode, command.Amount, balance - command.Amount, command.Description, command.Caller.UserUuid, now);
            if (command.Idempotency is not null)
            {
                _claims[command.OperationId] = command.Idempotency;
            }
            bool applied;
            try
            {
                applied = await RaiseConditionalEvent(movement);
            }
            finally
            {
                _claims.Remove(command.OperationId);
            }
            if (applied)
            {
                return TransactionResult.Ok(State.FindOperation(command.OperationId)!);
            }
            logger.LogDebug("Account {Account}: position moved under operation {Operation}; re-validating", AccountUuid, command.OperationId);
        }
        return TransactionResult.Fail(DomainError.Of(ErrorCodes.Unavailable, "The account is under contention; retry."));
    }

    private static DomainError? CheckMovement(AccountState state, MoveMoney command, bool assetActive, bool isCredit)
    {
        if (CheckStatus(state) is { } statusRefusal)
        {
            return statusRefusal;
        }
        if (!assetActive)
        {
            return DomainError.Of(ErrorCodes.AssetInactive, $"The asset {command.AssetCode} is not active.");
        }
        var balance = state.BalanceOf(command.AssetCode);
        if (isCredit && balance > Abstractions.Money.MinorUnits.Max - command.Amount)
        {
            return DomainError.Of(ErrorCodes.ValidationFailed, "The balance would exceed 2^53-1 minor units.");
        }
        return !isCredit && balance < command.Amount ? InsufficientFunds(balance, command.Amount) : null;
    }

    /// <summary>INSUFFICIENT_FUNDS with the balance and the amount asked for (SPEC §3), for every kind of debit.</summary>
    private static DomainError InsufficientFunds(long balance, long requested) =>
        new(ErrorCodes.InsufficientFunds, "The balance is lower than the amount requested.", new Dictionary<string, string>
        {
            ["current_balance"] = balance.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["requested_amount"] = requested.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

    private async Task<AccountResult> ChangeStatus(ChangeAccountStatus command, Func<AccountState, DomainError?> check,
        Func<AccountEvent> makeEvent, bool adminOnly)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var state = TentativeState;
            if (!state.Exists)
            {
                return NotFound();
            }
            if (adminOnly ? !command.Caller.IsAdmin : !command.Caller.MayAccess(state.UserUuid))
            {
                return Forbidden();
            }
            if (check(state) is { } refusal)
            {
                return AccountResult.Fail(refusal);
            }
            if (await RaiseConditionalEvent(makeEvent()))
            {
                return AccountResult.Ok(View());
            }
        }
        return Contention();
    }

    private AccountView View() => State.ToView(Version);

    private static AccountResult NotFound() => AccountResult.Fail(DomainError.Of(ErrorCodes.AccountNotFound, "No such account."));

    private static AccountResult Forbidden() => AccountResult.Fail(DomainError.Of(ErrorCodes.Forbidden, "This account belongs to another user."));

    private static AccountResult Contention() => AccountResult.Fail(DomainError.Of(ErrorCodes.Unavailable, "The account is under contention; retry."));
}
