using FinAegis.Grains.EventStore;

namespace FinAegis.Grains.Governance;

/// <summary>
/// The rows a poll's events change, written in the same transaction as the events: `polls` (before `votes`, which
/// reference it), `votes`, and a workflow's effect on `assets` or `settings`, so an executed poll and what it did
/// commit together or not at all.
/// </summary>
public static class PollReadModels
{
    public static readonly ReadModelStatement Polls = new("polls", 50,
        "INSERT INTO polls (uuid, title, description, type, options, start_date, end_date, status, required_participation,"
        + " voting_power_strategy, voting_power_config, execution_workflow, created_by, created_at, updated_at, execution_result) VALUES", 16,
        "ON DUPLICATE KEY UPDATE status = VALUES(status), updated_at = VALUES(updated_at), execution_result = VALUES(execution_result)");

    // The grain allows one vote per user; should a duplicate ever arrive (a rebuild), the first row stays.
    public static readonly ReadModelStatement Votes = new("votes", 51,
        "INSERT INTO votes (poll_id, user_uuid, selected_options, voting_power, voted_at, signature, created_at, updated_at) VALUES", 8,
        "ON DUPLICATE KEY UPDATE user_uuid = user_uuid");

    // The grain checks the code is free before raising; an asset created in between is left as it is.
    public static readonly ReadModelStatement Assets = new("governance_assets", 52,
        "INSERT INTO assets (code, name, type, `precision`, is_active, metadata, created_at, updated_at) VALUES", 8,
        "ON DUPLICATE KEY UPDATE code = code");

    // Never overwrites an encrypted setting with plaintext (the grain refuses those before raising).
    public static readonly ReadModelStatement Settings = new("governance_settings", 53,
        "INSERT INTO settings (`key`, value, type, is_encrypted, description, created_at, updated_at) VALUES", 7,
        "ON DUPLICATE KEY UPDATE value = IF(is_encrypted = 0, VALUES(value), value), type = IF(is_encrypted = 0, VALUES(type), type),"
        + " updated_at = VALUES(updated_at)");

    /// <param name="pollRowId">`polls.id` of this poll; needed only when <paramref name="events"/> hold votes.</param>
    /// <param name="webhooks">The outbox for poll.* deliveries (none when null).</param>
    public static IReadOnlyList<ReadModelWrite> Project(PollState before, IReadOnlyList<PollEvent> events, long? pollRowId,
        Webhooks.WebhookOutbox? webhooks = null)
    {
        var after = before.CopyForProjection();
        var writes = new List<ReadModelWrite>();
        foreach (var @event in events)
        {
            after.Apply(@event);
            if (webhooks is not null)
            {
                PollWebhooks.Add(writes, webhooks, after, @event);
            }
            switch (@event)
            {
                case VoteCast vote when pollRowId is { } id:
                    var votedAt = vote.VotedAt.UtcDateTime;
                    writes.Add(new ReadModelWrite(Votes, [id, vote.UserUuid.ToString(), PollJson.Selections(vote.Selections),
                        vote.VotingPower, votedAt, vote.Signature, votedAt, votedAt]));
                    break;
                case PollExecuted { Asset: { } asset } executed:
                    writes.Add(new ReadModelWrite(Assets, [asset.Code, asset.Name, asset.Type, asset.Precision, true,
                        asset.MetadataJson, executed.OccurredAt.UtcDateTime, executed.OccurredAt.UtcDateTime]));
                    break;
                case PollExecuted { Setting: { } setting } executed:
                    writes.Add(new ReadModelWrite(Settings, [setting.Key, setting.Value, setting.Type, false,
                        $"Set by governance poll {after.Uuid}", executed.OccurredAt.UtcDateTime, executed.OccurredAt.UtcDateTime]));
                    break;
            }
        }
        var definition = after.Definition!;
        // The poll row first (lowest Order): votes reference its id.
        writes.Insert(0, new ReadModelWrite(Polls, [after.Uuid.ToString(), definition.Title, definition.Description, definition.Type,
            PollJson.Options(definition.Options), definition.StartDate.UtcDateTime, definition.EndDate.UtcDateTime, after.Status,
            definition.RequiredParticipation, definition.VotingPowerStrategy, definition.VotingPowerConfigJson, definition.ExecutionWorkflow,
            after.CreatedBy.ToString(), after.CreatedAt.UtcDateTime, after.UpdatedAt.UtcDateTime, PollJson.ExecutionResult(after.ExecutionResult)]));
        return writes;
    }
}
