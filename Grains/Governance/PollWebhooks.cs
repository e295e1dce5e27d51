using FinAegis.Grains.Abstractions.Webhooks;
using FinAegis.Grains.EventStore;
using FinAegis.Grains.Webhooks;

namespace FinAegis.Grains.Governance;

/// <summary>
/// The webhook events of a poll's events (SPEC §9), written through the outbox in the same transaction:
/// poll.created, poll.activated, and poll.completed at each final step (closed, executed, execution failed, cancelled)
/// with the poll's status then.
/// </summary>
internal static class PollWebhooks
{
    /// <param name="after">The poll with <paramref name="event"/> applied.</param>
    public static void Add(List<ReadModelWrite> writes, WebhookOutbox outbox, PollState after, PollEvent @event)
    {
        var eventName = @event switch
        {
            PollCreated => WebhookEvents.PollCreated,
            PollActivated => WebhookEvents.PollActivated,
            PollClosed or PollExecuted or PollExecutionFailed or PollCancelled => WebhookEvents.PollCompleted,
            _ => null,
        };
        if (eventName is null || !outbox.IsSubscribed(eventName) || after.Definition is not { } definition)
        {
            return;
        }
        // One delivery per poll and final status: closing and then executing are two announcements.
        var source = $"{after.Uuid:D}:{after.Status}";
        writes.AddRange(outbox.For(eventName, WebhookOutbox.EventId(eventName, source), new
        {
            uuid = after.Uuid, title = definition.Title, type = definition.Type, status = after.Status,
            start_date = definition.StartDate.UtcDateTime, end_date = definition.EndDate.UtcDateTime,
            total_voting_power = after.TotalVotingPower,
            execution_workflow = definition.ExecutionWorkflow, execution_result = after.ExecutionResult,
        }, @event.OccurredAt));
    }
}
