namespace FinAegis.Grains.Abstractions.Rates;

/// <summary>One currency pair's rate history, event-sourced. Key: "FROM/TO" (e.g. "USD/EUR").</summary>
[Alias("IExchangeRateGrain")]
public interface IExchangeRateGrain : IGrainWithStringKey
{
    /// <summary>Records a new rate (admin); every set is kept as history.</summary>
    [Alias("Set")]
    Task<ExchangeRateResult> Set(SetExchangeRate command);

    /// <summary>The latest confirmed rate, expired or not (callers check <see cref="ExchangeRateView.IsUsableAt"/>); null if never set.</summary>
    [Alias("GetCurrent")]
    Task<ExchangeRateView?> GetCurrent();
}
