using FinAegis.Grains.Abstractions.Common;
using FinAegis.Grains.Abstractions.Money;
using FinAegis.Grains.Abstractions.Rates;
using FinAegis.Grains.Assets;
using FinAegis.Grains.EventSourcing;
using FinAegis.Grains.EventStore;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Providers;

namespace FinAegis.Grains.Rates;

/// <summary>
/// One pair's rates (key "FROM/TO", also the stream id). Reentrant so reads never queue behind a feed's writes:
/// readers get the confirmed rate, writers compute the next fetched_at from the tentative state and raise
/// conditionally in the same turn, so interleaved sets stay strictly ordered and none is lost.
/// </summary>
[Reentrant]
[LogConsistencyProvider(ProviderName = "EventStore")]
public sealed class ExchangeRateGrain(IEventStore store, IOptions<EventStoreOptions> options, AssetCatalog assets,
    Webhooks.WebhookOutbox webhooks)
    : EventSourcedGrain<ExchangeRateState, ExchangeRateEvent>(store, options), IExchangeRateGrain
{
    private const int MaxAttempts = 8;

    /// <summary>`timestamp` columns end in January 2038; a later instant would make the read-model insert fail for ever.</summary>
    public static readonly DateTimeOffset LatestStorable = new(2038, 1, 1, 0, 0, 0, TimeSpan.Zero);

    protected override IEventCodec<ExchangeRateEvent> Codec => ExchangeRateEventCodec.Instance;

    protected override DateTimeOffset CreatedAtOf(ExchangeRateEvent e) => e.OccurredAt;

    protected override EventMetadata MetadataOf(ExchangeRateEvent e) => e is ExchangeRateSet set ? new EventMetadata(null, set.SetBy) : new EventMetadata();

    protected override IReadOnlyList<ReadModelWrite> ProjectReadModels(ExchangeRateState confirmedBefore, IReadOnlyList<ExchangeRateEvent> events)
    {
        var writes = ExchangeRateReadModels.Project(events).ToList();
        ExchangeRateWebhooks.Add(writes, webhooks, events);
        return writes;
    }

    protected override void TransitionState(ExchangeRateState state, ExchangeRateEvent @event) => state.Apply(@event);

    public Task<ExchangeRateView?> GetCurrent() => Task.FromResult(State.ToView());

    public async Task<ExchangeRateResult> Set(SetExchangeRate command)
    {
        if (!command.Caller.IsAdmin)
        {
            return ExchangeRateResult.Fail(DomainError.Of(ErrorCodes.Forbidden, "Only administrators set exchange rates."));
        }
        if (!ExchangeRatePair.TryParse(this.GetPrimaryKeyString(), out var from, out var to))
        {
            return ExchangeRateResult.Fail(DomainError.Of(ErrorCodes.ValidationFailed, "The pair must be two different asset codes, FROM/TO."));
        }
        if (await ValidateAsync(command, from, to) is { } refusal)
        {
            return ExchangeRateResult.Fail(refusal);
        }
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var now = StoredTime.Now();
            var fetchedAt = NextFetchedAt(TentativeState, now);
            var set = new ExchangeRateSet(from, to, RateText.Format(command.Rate), command.Source, fetchedAt, command.ExpiresAt,
                command.MetadataJson, command.Caller.UserUuid, now);
            if (await RaiseConditionalEvent(set))
            {
                return ExchangeRateResult.Ok(new ExchangeRateView(from, to, command.Rate, command.Source, fetchedAt, command.ExpiresAt, command.MetadataJson));
            }
        }
        return ExchangeRateResult.Fail(DomainError.Of(ErrorCodes.Unavailable, "The pair is under contention; retry."));
    }

    /// <summary>Now to the microsecond (the column's precision), but always after the previous set of this pair.</summary>
    public static DateTimeOffset NextFetchedAt(ExchangeRateState state, DateTimeOffset now)
    {
        var candidate = StoredTime.Truncate(now);
        return state.Rate is not null && candidate <= state.FetchedAt ? state.FetchedAt.AddTicks(TimeSpan.TicksPerMicrosecond) : candidate;
    }

    private async Task<DomainError?> ValidateAsync(SetExchangeRate command, string from, string to)
    {
        if (command.Rate <= 0 || command.Rate > RateText.Max || command.Rate * RateText.Scale != decimal.Truncate(command.Rate * RateText.Scale))
        {
            return DomainError.Of(ErrorCodes.ValidationFailed, "The rate must be positive with at most 8 decimals.");
        }
        if (!ExchangeRateSources.All.Contains(command.Source))
        {
            return DomainError.Of(ErrorCodes.ValidationFailed, "Unknown rate source.");
        }
        if (command.ExpiresAt is { } expires && (expires <= StoredTime.Now() || expires >= LatestStorable))
        {
            return DomainError.Of(ErrorCodes.ValidationFailed, "expires_at must be in the future and before 2038.");
        }
        foreach (var code in new[] { from, to })
        {
            // The read model's foreign keys need both assets: refuse here rather than let the append fail.
            if (await assets.FindAsync(code) is null)
            {
                return DomainError.Of(ErrorCodes.AssetNotFound, $"Unknown asset {code}.");
            }
        }
        return null;
    }
}
