using System.Diagnostics.Metrics;
using FinAegis.Grains.Abstractions.Transfers;

namespace FinAegis.Grains.Transfers;

/// <summary>
/// The "FinAegis.Transfers" meter: transfers answered by their source account, by outcome. A static meter because
/// grains record with one line and a meter is a process-wide name anyway (the exporters listen by name).
/// </summary>
public static class TransferMetrics
{
    public const string MeterName = "FinAegis.Transfers";

    private static readonly Meter _meter = new(MeterName);
    private static readonly Counter<long> _transfers = _meter.CreateCounter<long>("finaegis.transfers", "{transfer}",
        "Transfers answered by their source account, by outcome (completed, failed, pending).");

    /// <summary>Records the state a new (not replayed) transfer was answered in: completed, failed or pending.</summary>
    public static TransferView Answered(TransferView transfer)
    {
        _transfers.Add(1, new KeyValuePair<string, object?>("outcome", transfer.Status));
        return transfer;
    }
}
