using FinAegis.Grains.EventSourcing;

namespace FinAegis.Grains.Rates;

/// <summary>The stable `event_class` names of a pair's events.</summary>
public static class ExchangeRateEventCodec
{
    public static readonly IEventCodec<ExchangeRateEvent> Instance = JsonEventCodec<ExchangeRateEvent>.Of(
        ("ExchangeRateSet", typeof(ExchangeRateSet)));
}
