using FinAegis.Grains.EventSourcing;
using FinAegis.Grains.EventStore;
using FinAegis.Grains.Integrity;

namespace FinAegis.Grains.Rates;

/// <summary>
/// Exchange-rate pair streams ("FROM/TO") for `finaegis verify` / `rebuild-projections`: every rate set is one
/// `exchange_rates` row, replayed through the grain's own <see cref="ExchangeRateReadModels.Project"/>, so the rate
/// history must match the events row for row. The rate.updated webhook outbox rows are not a projection and are left
/// alone. Also checks the stream against itself: fetched_at strictly increases (the unique key relies on it).
/// </summary>
public sealed class ExchangeRateStreamProjection : IStreamProjection
{
    private static readonly HashSet<string> _eventClasses =
        new(((JsonEventCodec<ExchangeRateEvent>)ExchangeRateEventCodec.Instance).EventClasses, StringComparer.Ordinal);

    public string Kind => "exchange-rate";

    public IReadOnlyList<ReadModelTable> Tables { get; } =
    [
        // The stream id is the pair; the rows name it by their two asset columns.
        new(ExchangeRateReadModels.Rates, "CONCAT(rm.from_asset, '/', rm.to_asset)", "from_asset", "to_asset", "fetched_at"),
    ];

    public bool Owns(string eventClass) => _eventClasses.Contains(eventClass);

    public IStreamReplay Begin(string streamId) => new Replay(streamId);

    private sealed class Replay(string streamId) : IStreamReplay
    {
        private readonly ExchangeRateState _state = new();

        public IReadOnlyList<ReadModelWrite> ApplyAppend(IReadOnlyList<StoredEvent> events, Action<StoredEvent, string> problem)
        {
            var decoded = events.Select(e => ExchangeRateEventCodec.Instance.Decode(e.EventClass, e.PropertiesJson)).ToList();
            var writes = ExchangeRateReadModels.Project(decoded);
            for (var i = 0; i < decoded.Count; i++)
            {
                if (decoded[i] is ExchangeRateSet set)
                {
                    if (!string.Equals($"{set.FromAsset}/{set.ToAsset}", streamId, StringComparison.Ordinal))
                    {
                        problem(events[i], $"the rate is for {set.FromAsset}/{set.ToAsset}, not for this stream's pair");
                    }
                    if (_state.Rate is not null && set.FetchedAt <= _state.FetchedAt)
                    {
                        problem(events[i], $"fetched_at {set.FetchedAt:O} is not after the previous rate's {_state.FetchedAt:O}");
                    }
                }
                _state.Apply(decoded[i]);
            }
            return writes;
        }
    }
}
