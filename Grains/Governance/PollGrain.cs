using FinAegis.Grains.Abstractions.Common;
using FinAegis.Grains.Abstractions.Governance;
using FinAegis.Grains.Assets;
using FinAegis.Grains.EventSourcing;
using FinAegis.Grains.EventStore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Providers;

namespace FinAegis.Grains.Governance;

/// <summary>
/// One poll's event stream (SPEC §8). Reentrant, like accounts: many voters at once share appends, and every event is
/// raised conditionally after its rules are re-checked against the tentative state, so two votes of one user can
/// never both land and no vote lands after the close. The poll closes itself at end_date: a reminder (kept in MySQL,
/// so it survives restarts) fires then, and any call that notices the end_date has passed closes it first.
/// Closing freezes the registered-user count and runs the execution workflow, whose effect (an `assets` or
/// `settings` row) commits in the same transaction as the outcome event.
/// </summary>
[Reentrant]
[LogConsistencyProvider(ProviderName = "EventStore")]
public sealed class PollGrain(IEventStore store, IOptions<EventStoreOptions> options, GovernanceStore governance, VoteSigner signer,
    AssetCatalog assets, Webhooks.WebhookOutbox webhooks, ILogger<PollGrain> logger)
    : EventSourcedGrain<PollState, PollEvent>(store, options), IPollGrain, IRemindable
{
    private const int MaxAttempts = 8;

    /// <summary>`polls.id` of this poll, looked up once per activation: the `votes` rows reference it.</summary>
    private long? _pollRowId;

    /// <summary>The close-and-execute run in progress, shared by every call that notices it is due.</summary>
    private Task? _finishing;

    protected override IEventCodec<PollEvent> Codec => PollEventCodec.Instance;

    protected override DateTimeOffset CreatedAtOf(PollEvent e) => e.OccurredAt;

    protected override EventMetadata MetadataOf(PollEvent e) => e switch
    {
        PollCreated created => new EventMetadata(null, created.CreatedBy),
        PollActivated activated => new EventMetadata(null, activated.ActivatedBy),
        VoteCast vote => new EventMetadata(null, vote.UserUuid),
        PollClosed { ClosedBy: { } by } => new EventMetadata(null, by),
        PollCancelled cancelled => new EventMetadata(null, cancelled.CancelledBy),
        _ => new EventMetadata(),
    };

    protected override IReadOnlyList<ReadModelWrite> ProjectReadModels(PollState confirmedBefore, IReadOnlyList<PollEvent> events) =>
        PollReadModels.Project(confirmedBefore, events, _pollRowId, webhooks);

    protected override void TransitionState(PollState state, PollEvent @event) => state.Apply(@event);

    private Guid PollUuid => this.GetPrimaryKey();

    public async Task<PollResult> Create(CreatePoll command)
    {
        if (!command.Caller.IsAdmin)
        {
            return PollResult.Fail(Forbidden("Only administrators create polls."));
        }
        if (StreamHoldsAnotherKind)
        {
            return PollResult.Fail(InvalidState("This uuid already names another kind of record."));
        }
        var definition = command.Definition;
        var errors = PollDefinitionRules.Validate(definition, StoredTime.Now());
        if (definition.VotingPowerStrategy != VotingPowerStrategies.OneUserOneVote && await assets.FindAsync(definition.AssetCode) is null)
        {
            errors["voting_power_config.asset_code"] = [$"Unknown asset {definition.AssetCode}."];
        }
        if (errors.Count > 0)
        {
            return PollResult.Fail(new DomainError(ErrorCodes.ValidationFailed, "The poll is not valid.",
                errors.ToDictionary(e => e.Key, e => string.Join(" ", e.Value))));
        }
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (TentativeState.Exists)
            {
                await ConfirmEvents();
                return PollResult.Fail(DomainError.Of(ErrorCodes.InvalidState, "The poll already exists."));
            }
            if (await RaiseConditionalEvent(new PollCreated(PollUuid, definition, command.Caller.UserUuid, StoredTime.Now())))
            {
                return PollResult.Ok(State.ToView());
            }
        }
        return PollResult.Fail(Contention());
    }

    public async Task<PollResult> Get()
    {
        if (!TentativeState.Exists)
        {
            DeactivateOnIdle();
            return PollResult.Fail(NotFound());
        }
        await CatchUpAsync();
        return PollResult.Ok(State.ToView());
    }

    public async Task<PollResult> Activate(Caller caller)
    {
        if (!caller.IsAdmin)
        {
            return PollResult.Fail(Forbidden("Only administrators activate polls."));
        }
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var state = TentativeState;
            if (!state.Exists)
            {
                return PollResult.Fail(NotFound());
            }
            if (state.Status != PollStatuses.Draft)
            {
                return PollResult.Fail(InvalidState($"Only a draft poll can be activated; this one is {state.Status}."));
            }
            var now = StoredTime.Now();
            if (PollSchedule.IsDue(now, state.Definition!.EndDate))
            {
                return PollResult.Fail(InvalidState("The poll's end_date has passed."));
            }
            // The reminder first: should the activation not land, the reminder finds a draft and removes itself.
            await this.RegisterOrUpdateReminder(PollSchedule.CloseReminder, PollSchedule.DueTime(now, state.Definition.EndDate), PollSchedule.Period);
            if (await RaiseConditionalEvent(new PollActivated(caller.UserUuid, now)))
            {
                return PollResult.Ok(State.ToView());
            }
        }
        return PollResult.Fail(Contention());
    }

    public async Task<PollResult> Close(Caller caller)
    {
        if (!caller.IsAdmin)
        {
            return PollResult.Fail(Forbidden("Only administrators close polls."));
        }
        await CatchUpAsync();
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (Refuse(TentativeState, PollStatuses.Active, "Only an active poll can be closed") is { } refusal)
            {
                return PollResult.Fail(refusal);
            }
            var registeredUsers = await governance.CountRegisteredUsersAsync();
            if (Refuse(TentativeState, PollStatuses.Active, "Only an active poll can be closed") is { } late)
            {
                return PollResult.Fail(late);
            }
            if (await RaiseConditionalEvent(new PollClosed(caller.UserUuid, registeredUsers, StoredTime.Now())))
            {
                await ExecuteIfPendingAsync();
                return PollResult.Ok(State.ToView());
            }
        }
        return PollResult.Fail(Contention());
    }

    public async Task<PollResult> Cancel(Caller caller)
    {
        if (!caller.IsAdmin)
        {
            return PollResult.Fail(Forbidden("Only administrators cancel polls."));
        }
        await CatchUpAsync();
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var state = TentativeState;
            if (!state.Exists)
            {
                return PollResult.Fail(NotFound());
            }
            if (state.Status is not (PollStatuses.Draft or PollStatuses.Active))
            {
                return PollResult.Fail(InvalidState($"Only a draft or active poll can be cancelled; this one is {state.Status}."));
            }
            if (await RaiseConditionalEvent(new PollCancelled(caller.UserUuid, StoredTime.Now())))
            {
                await ForgetReminderAsync();
                return PollResult.Ok(State.ToView());
            }
        }
        return PollResult.Fail(Contention());
    }

    public async Task<VoteResult> Vote(CastVote command)
    {
        if (!TentativeState.Exists)
        {
            DeactivateOnIdle();
            return VoteResult.Fail(NotFound());
        }
        await CatchUpAsync();
        var definition = TentativeState.Definition!;
        if (CheckVoteAllowed(TentativeState, command.Caller.UserUuid) is { } closed)
        {
            return VoteResult.Fail(closed);
        }
        // Choice polls carry no weights; a weight of 100 on a single choice means the same thing.
        var selections = definition.Type == PollTypes.Weighted
            ? command.Selections
            : command.Selections.Select(s => s with { Weight = definition.Type == PollTypes.SingleChoice && s.Weight == 100 ? null : s.Weight }).ToList();
        if (VoteRules.Check(definition, selections) is { } invalid)
        {
            return VoteResult.Fail(invalid);
        }
        var power = await VotingPowerOfAsync(command.Caller.UserUuid);
        if (power <= 0)
        {
            return VoteResult.Fail(DomainError.Of(ErrorCodes.NoVotingPower,
                $"You hold no voting power in this poll ({definition.VotingPowerStrategy}, {definition.AssetCode})."));
        }
        _pollRowId ??= await governance.PollRowIdAsync(PollUuid);
        if (_pollRowId is null)
        {
            return VoteResult.Fail(DomainError.Of(ErrorCodes.Unavailable, "The poll's read model is not there yet; retry."));
        }
        // Whole seconds: the `votes` column's precision, so the stored row verifies against the signature.
        var now = StoredTime.Now();
        var votedAt = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        var signature = await signer.SignAsync(PollUuid, command.Caller.UserUuid, selections, power, votedAt);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var state = TentativeState;
            if (state.Voters.Contains(command.Caller.UserUuid) && !State.Voters.Contains(command.Caller.UserUuid))
            {
                // Raised by a concurrent request but not confirmed yet: its outcome decides this one.
                await ConfirmEvents();
                continue;
            }
            if (CheckVoteAllowed(state, command.Caller.UserUuid) is { } refusal)
            {
                return VoteResult.Fail(refusal);
            }
            if (await RaiseConditionalEvent(new VoteCast(command.Caller.UserUuid, selections, power, votedAt, signature, now)))
            {
                return VoteResult.Ok(new VoteView(PollUuid, command.Caller.UserUuid, selections, power, votedAt, signature));
            }
        }
        return VoteResult.Fail(Contention());
    }

    public async Task<PollTallyResult> GetResults()
    {
        if (!TentativeState.Exists)
        {
            DeactivateOnIdle();
            return PollTallyResult.Fail(NotFound());
        }
        await CatchUpAsync();
        var state = State;
        var isFinal = state.ClosedAt is not null;
        var registeredUsers = isFinal ? state.RegisteredUsersAtClose : await governance.CountRegisteredUsersAsync();
        return PollTallyResult.Ok(PollTally.Compute(State, registeredUsers, isFinal));
    }

    public async Task<VotingPowerResult> GetVotingPower(Guid userUuid)
    {
        if (!TentativeState.Exists)
        {
            DeactivateOnIdle();
            return VotingPowerResult.Fail(NotFound());
        }
        await CatchUpAsync();
        var power = await VotingPowerOfAsync(userUuid);
        var state = State;
        var hasVoted = state.Voters.Contains(userUuid);
        var canVote = power > 0 && CheckVoteAllowed(state, userUuid) is null;
        return VotingPowerResult.Ok(new VotingPowerView(power, canVote, hasVoted, state.Definition!.VotingPowerStrategy));
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != PollSchedule.CloseReminder)
        {
            return;
        }
        var state = TentativeState;
        var now = StoredTime.Now();
        if (state.Status == PollStatuses.Active && !PollSchedule.IsDue(now, state.Definition!.EndDate))
        {
            // Fired early (a capped due time for a far end_date): aim again.
            await this.RegisterOrUpdateReminder(PollSchedule.CloseReminder, PollSchedule.DueTime(now, state.Definition.EndDate), PollSchedule.Period);
            return;
        }
        await CatchUpAsync();
        if (!State.Exists || State.Status != PollStatuses.Active && !State.ExecutionPending)
        {
            await ForgetReminderAsync();
        }
    }

    /// <summary>
    /// Closes the poll when its end_date has passed and finishes a pending workflow. A failure (the database is away)
    /// is logged, not thrown: the caller's own rules still see the end_date, and the reminder retries every minute.
    /// </summary>
    private async Task CatchUpAsync()
    {
        var state = TentativeState;
        if (!state.Exists)
        {
            return;
        }
        var due = state.Status == PollStatuses.Active && PollSchedule.IsDue(StoredTime.Now(), state.Definition!.EndDate);
        if (!due && !state.ExecutionPending)
        {
            return;
        }
        var finishing = _finishing ??= FinishAsync();
        try
        {
            await finishing;
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Poll {Poll}: closing at end_date failed; the reminder retries", PollUuid);
        }
        finally
        {
            if (ReferenceEquals(_finishing, finishing))
            {
                _finishing = null;
            }
        }
    }

    private async Task FinishAsync()
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var state = TentativeState;
            if (state.Status != PollStatuses.Active || !PollSchedule.IsDue(StoredTime.Now(), state.Definition!.EndDate))
            {
                break;
            }
            var registeredUsers = await governance.CountRegisteredUsersAsync();
            if (await RaiseConditionalEvent(new PollClosed(null, registeredUsers, StoredTime.Now())))
            {
                logger.LogInformation("Poll {Poll} closed itself at its end_date", PollUuid);
                break;
            }
        }
        await ConfirmEvents();
        await ExecuteIfPendingAsync();
    }

    /// <summary>Runs the workflow of a closed poll once: the winner's asset or setting, or nothing when there is no winner.</summary>
    private async Task ExecuteIfPendingAsync()
    {
        for (var attempt = 0; attempt < MaxAttempts && TentativeState.ExecutionPending; attempt++)
        {
            var outcome = await PlanExecutionAsync(TentativeState);
            if (!TentativeState.ExecutionPending)
            {
                break;
            }
            if (await RaiseConditionalEvent(outcome))
            {
                logger.LogInformation("Poll {Poll}: workflow outcome {Outcome}", PollUuid, outcome.GetType().Name);
                if (outcome is PollExecuted { Asset: not null })
                {
                    // This silo's catalogue at once; other silos look again when they meet the new code.
                    await assets.RefreshAsync();
                }
                break;
            }
        }
        if (State.ExecutionResult is not null || State.Definition?.ExecutionWorkflow is null && State.Status == PollStatuses.Closed)
        {
            await ForgetReminderAsync();
        }
    }

    private async Task<PollEvent> PlanExecutionAsync(PollState state)
    {
        var definition = state.Definition!;
        var workflow = definition.ExecutionWorkflow!;
        var now = StoredTime.Now();
        var results = PollTally.Compute(state, state.RegisteredUsersAtClose, isFinal: true);
        if (results.WinningOption is not { } winnerId)
        {
            var reason = !results.ParticipationMet
                ? $"Participation {results.Participation}% is below the required {definition.RequiredParticipation}%: nothing was executed."
                : results.IsTie ? "The vote is tied: there is no winning option, nothing was executed."
                : "Nobody voted: nothing was executed.";
            return new PollExecutionSkipped(workflow, reason, now);
        }
        var winner = definition.Options.First(o => o.Id == winnerId);
        if (winner.MetadataJson is null)
        {
            return new PollExecuted(workflow, winnerId, $"The winning option '{winnerId}' asks for no change.", null, null, now);
        }
        if (workflow == ExecutionWorkflows.AddAsset)
        {
            if (WorkflowMetadata.TryParseAsset(winner.MetadataJson, out var asset) is { } invalid)
            {
                return new PollExecutionFailed(workflow, winnerId, invalid, now);
            }
            if (await governance.AssetExistsAsync(asset!.Code))
            {
                return new PollExecutionFailed(workflow, winnerId, $"The asset {asset.Code} already exists.", now);
            }
            return new PollExecuted(workflow, winnerId, $"Asset {asset.Code} added.",
                new AssetToAdd(asset.Code, asset.Name, asset.Type, asset.Precision, asset.MetadataJson), null, now);
        }
        if (WorkflowMetadata.TryParseSetting(winner.MetadataJson, out var setting) is { } bad)
        {
            return new PollExecutionFailed(workflow, winnerId, bad, now);
        }
        if (await governance.SettingIsEncryptedAsync(setting!.Key) == true)
        {
            return new PollExecutionFailed(workflow, winnerId, $"The setting {setting.Key} is encrypted; a poll does not change it.", now);
        }
        return new PollExecuted(workflow, winnerId, $"Setting {setting.Key} set to {setting.Value}.", null,
            new SettingToUpdate(setting.Key, setting.Value, setting.Type), now);
    }

    private async Task<long> VotingPowerOfAsync(Guid userUuid)
    {
        var definition = TentativeState.Definition!;
        if (definition.VotingPowerStrategy == VotingPowerStrategies.OneUserOneVote)
        {
            return 1;
        }
        var precision = (await assets.FindAsync(definition.AssetCode))?.Precision ?? 0;
        return VotingPower.Compute(definition.VotingPowerStrategy, await governance.HoldingsAsync(userUuid, definition.AssetCode), precision);
    }

    private static DomainError? CheckVoteAllowed(PollState state, Guid userUuid)
    {
        var definition = state.Definition!;
        var now = StoredTime.Now();
        if (state.Status != PollStatuses.Active)
        {
            return DomainError.Of(ErrorCodes.PollNotActive, $"The poll is {state.Status}.");
        }
        if (now < definition.StartDate)
        {
            return DomainError.Of(ErrorCodes.PollNotActive, "Voting has not started yet.");
        }
        if (PollSchedule.IsDue(now, definition.EndDate))
        {
            return DomainError.Of(ErrorCodes.PollNotActive, "Voting has ended.");
        }
        return state.Voters.Contains(userUuid) ? DomainError.Of(ErrorCodes.AlreadyVoted, "You have already voted in this poll.") : null;
    }

    private static DomainError? Refuse(PollState state, string requiredStatus, string message) =>
        !state.Exists ? NotFound()
        : state.Status != requiredStatus ? InvalidState($"{message}; this one is {state.Status}.")
        : null;

    private async Task ForgetReminderAsync()
    {
        try
        {
            if (await this.GetReminder(PollSchedule.CloseReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }
        catch (Exception exception)
        {
            // Harmless: a stray reminder finds nothing to do and tries again to remove itself.
            logger.LogWarning(exception, "Poll {Poll}: removing the close reminder failed", PollUuid);
        }
    }

    private static DomainError NotFound() => DomainError.Of(ErrorCodes.NotFound, "No such poll.");

    private static DomainError Forbidden(string message) => DomainError.Of(ErrorCodes.Forbidden, message);

    private static DomainError InvalidState(string message) => DomainError.Of(ErrorCodes.InvalidState, message);

    private static DomainError Contention() => DomainError.Of(ErrorCodes.Unavailable, "The poll is under contention; retry.");
}
