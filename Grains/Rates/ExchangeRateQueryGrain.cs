using FinAegis.Grains.Abstractions.Common;
using FinAegis.Grains.Abstractions.Rates;
using FinAegis.Grains.Storage;
using MySqlConnector;
using Orleans.Concurrency;

namespace FinAegis.Grains.Rates;

/// <summary>Reads `exchange_rates` (never behind: rows are written with the rate events).</summary>
[StatelessWorker]
public sealed class ExchangeRateQueryGrain(DatabaseSettings database) : Grain, IExchangeRateQueryGrain
{
    private const string Columns = "r.id, r.from_asset, r.to_asset, r.rate, r.source, r.fetched_at, r.expires_at, r.metadata";

    public async Task<IReadOnlyList<ExchangeRateView>> ListCurrent(string? fromAsset, string? toAsset, string? source)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        // The newest row of each pair, then the source filter (a pair whose current rate has another source is left out).
        command.CommandText = $"""
            SELECT {Columns}
            FROM exchange_rates r
            JOIN (SELECT from_asset, to_asset, MAX(fetched_at) AS latest FROM exchange_rates
                  WHERE (@from IS NULL OR from_asset = @from) AND (@to IS NULL OR to_asset = @to)
                  GROUP BY from_asset, to_asset) m
              ON m.from_asset = r.from_asset AND m.to_asset = r.to_asset AND m.latest = r.fetched_at
            WHERE (@source IS NULL OR r.source = @source)
            ORDER BY r.from_asset, r.to_asset
            LIMIT 5000
            """;
        command.Parameters.AddWithValue("@from", fromAsset);
        command.Parameters.AddWithValue("@to", toAsset);
        command.Parameters.AddWithValue("@source", source);
        var rows = new List<ExchangeRateView>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(Read(reader));
        }
        return rows;
    }

    public async Task<Page<ExchangeRateView>> History(string fromAsset, string toAsset, int limit, string? cursor)
    {
        var hasCursor = Cursor.TryDecode(cursor, out var beforeId);
        await using var connection = await database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        // Rows of one pair are inserted in event order, so id order is fetched_at order.
        command.CommandText = $"""
            SELECT {Columns}
            FROM exchange_rates r
            WHERE r.from_asset = @from AND r.to_asset = @to AND r.id < @before
            ORDER BY r.id DESC
            LIMIT @limit
            """;
        command.Parameters.AddWithValue("@from", fromAsset);
        command.Parameters.AddWithValue("@to", toAsset);
        command.Parameters.AddWithValue("@before", hasCursor ? beforeId : long.MaxValue);
        command.Parameters.AddWithValue("@limit", limit + 1);
        var rows = new List<(long Id, ExchangeRateView Rate)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt64(0), Read(reader)));
        }
        var page = rows.Take(limit).ToList();
        var next = rows.Count > limit ? Cursor.Encode(page[^1].Id) : null;
        return new Page<ExchangeRateView>(page.Select(row => row.Rate).ToList(), next);
    }

    private static ExchangeRateView Read(MySqlDataReader reader) => new(
        reader.GetString(1), reader.GetString(2), reader.GetDecimal(3), reader.IsDBNull(4) ? ExchangeRateSources.Manual : reader.GetString(4),
        DbTime.Utc(reader.GetDateTime(5)), reader.IsDBNull(6) ? null : DbTime.Utc(reader.GetDateTime(6)), reader.IsDBNull(7) ? null : reader.GetString(7));
}
