using FinAegis.Grains.Abstractions.Idempotency;
using FinAegis.Grains.Storage;
using MySqlConnector;

namespace FinAegis.Grains.Idempotency;

/// <summary>
/// The single point in the cluster that knows about one user's Idempotency-Key. The durable record is the
/// `idempotency_keys` row written with the events of the request; this grain adds what the table cannot: the
/// request in flight (409) and a memory of the result so a replay needs no database read.
/// </summary>
public sealed class IdempotencyGrain(DatabaseSettings database) : Grain, IIdempotencyGrain
{
    /// <summary>A claim older than this is treated as abandoned (its API instance died mid-request).</summary>
    private static readonly TimeSpan _inFlightLease = TimeSpan.FromSeconds(60);

    private string? _inFlightHash;
    private DateTimeOffset _inFlightSince;
    private string? _completedHash;
    private string? _completedResult;

    public async Task<IdempotencyBegin> Begin(string requestHash)
    {
        if (_completedResult is null)
        {
            await LoadStoredResultAsync();
        }
        if (_completedResult is not null)
        {
            return _completedHash == requestHash
                ? new IdempotencyBegin(IdempotencyOutcome.Completed, _completedResult)
                : new IdempotencyBegin(IdempotencyOutcome.Mismatch);
        }
        if (_inFlightHash is not null && DateTimeOffset.UtcNow - _inFlightSince < _inFlightLease)
        {
            return new IdempotencyBegin(IdempotencyOutcome.InFlight);
        }
        _inFlightHash = requestHash;
        _inFlightSince = DateTimeOffset.UtcNow;
        return new IdempotencyBegin(IdempotencyOutcome.Started);
    }

    public Task Complete(string requestHash, string resultJson)
    {
        _completedHash = requestHash;
        _completedResult = resultJson;
        _inFlightHash = null;
        return Task.CompletedTask;
    }

    public Task Release(string requestHash)
    {
        if (_inFlightHash == requestHash)
        {
            _inFlightHash = null;
        }
        return Task.CompletedTask;
    }

    private async Task LoadStoredResultAsync()
    {
        var key = this.GetPrimaryKeyString();
        var separator = key.IndexOf(':');
        await using var connection = new MySqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT request_hash, result_json FROM idempotency_keys WHERE user_uuid = @user AND idempotency_key = @key";
        command.Parameters.AddWithValue("@user", key[..separator]);
        command.Parameters.AddWithValue("@key", key[(separator + 1)..]);
        await using var reader = await command.ExecuteReaderAsync();
        if (await reader.ReadAsync())
        {
            _completedHash = reader.GetString(0);
            _completedResult = reader.GetString(1);
        }
    }
}
