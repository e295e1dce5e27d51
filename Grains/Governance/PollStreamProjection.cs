using FinAegis.Grains.Abstractions.Governance;
using FinAegis.Grains.EventSourcing;
using FinAegis.Grains.EventStore;
using FinAegis.Grains.Integrity;

namespace FinAegis.Grains.Governance;

/// <summary>
/// Poll streams for `finaegis verify` / `rebuild-projections`: replays each append through the grain's own
/// <see cref="PollReadModels.Project"/>, so the expected `polls` row (status, execution result) and `votes` rows (the
/// tally's inputs: selections, voting power, signature) are exactly those the live writer wrote. A vote row names its
/// poll by `polls.id`, which a rebuilt poll row does not keep: the votes table is compared and written through the
/// poll's uuid instead (<see cref="ParentReference"/>). The workflow's `assets`/`settings` rows are not projections
/// (an operator or another poll may change them later), nor are the webhook outbox rows; both are left alone.
/// Also checks the stream against itself: one vote per user, votes only while the poll is active.
/// </summary>
public sealed class PollStreamProjection : IStreamProjection
{
    /// <summary>Any id: the replay replaces it in the votes rows with the poll's uuid, which the reference resolves.</summary>
    private const long AnyPollRowId = 0;

    private static readonly HashSet<string> _eventClasses =
        new(((JsonEventCodec<PollEvent>)PollEventCodec.Instance).EventClasses, StringComparer.Ordinal);

    public string Kind => "poll";

    public IReadOnlyList<ReadModelTable> Tables { get; } =
    [
        new(PollReadModels.Polls, "uuid", "uuid"),
        new(PollReadModels.Votes, "poll_id", "poll_id", "user_uuid") { Parent = new ParentReference("poll_id", "polls", "uuid") },
    ];

    public bool Owns(string eventClass) => _eventClasses.Contains(eventClass);

    public IStreamReplay Begin(string streamId) => new Replay();

    private sealed class Replay : IStreamReplay
    {
        private readonly PollState _state = new();

        public IReadOnlyList<ReadModelWrite> ApplyAppend(IReadOnlyList<StoredEvent> events, Action<StoredEvent, string> problem)
        {
            var decoded = events.Select(e => PollEventCodec.Instance.Decode(e.EventClass, e.PropertiesJson)).ToList();
            // Project reads the state before the batch and copies it, exactly as the grain's ProjectReadModels does.
            var writes = PollReadModels.Project(_state, decoded, AnyPollRowId).ToList();
            for (var i = 0; i < decoded.Count; i++)
            {
                if (decoded[i] is VoteCast vote)
                {
                    if (_state.Status != PollStatuses.Active)
                    {
                        problem(events[i], $"a vote by {vote.UserUuid} while the poll is {_state.Status}");
                    }
                    if (_state.Voters.Contains(vote.UserUuid))
                    {
                        problem(events[i], $"a second vote by {vote.UserUuid}");
                    }
                }
                _state.Apply(decoded[i]);
            }
            var pollUuid = _state.Uuid.ToString();
            for (var i = 0; i < writes.Count; i++)
            {
                if (ReferenceEquals(writes[i].Statement, PollReadModels.Votes))
                {
                    var values = (object?[])writes[i].Values.Clone();
                    values[0] = pollUuid;
                    writes[i] = new ReadModelWrite(PollReadModels.Votes, values);
                }
            }
            return writes;
        }
    }
}
