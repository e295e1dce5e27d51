namespace FinAegis.Grains.EventStore;

/// <summary>
/// Checks one stream's events, fed in version order, against the version sequence and the hash chain. Unlike
/// <see cref="HashChainVerifier"/>, which stops at the first failure, it keeps going after one (continuing the chain
/// from the stored hash) so an operator sees every broken link of a stream, not only the first.
/// </summary>
public sealed class StreamChainChecker
{
    private string? _stream;
    private string? _previousHash;
    private int _expectedVersion = 1;

    /// <summary>Starts a new stream: the next event must be version 1 with no previous hash.</summary>
    public void Begin(string aggregateUuid)
    {
        _stream = aggregateUuid;
        _previousHash = null;
        _expectedVersion = 1;
    }

    /// <summary>Checks the next event of the stream given to <see cref="Begin"/>; null when it links correctly.</summary>
    public ChainFailure? Next(long id, int version, string eventClass, string propertiesJson, string metadataJson)
    {
        var uuid = _stream ?? throw new InvalidOperationException("Begin a stream first.");
        var failure = Check(id, uuid, version, _expectedVersion, _previousHash, eventClass, propertiesJson, metadataJson, out var hash);
        // After a failure the chain goes on from what is stored, so each later break is reported on its own.
        _previousHash = hash ?? SafeStoredHash(metadataJson);
        _expectedVersion = version + 1;
        return failure;
    }

    internal static ChainFailure? Check(long id, string uuid, int version, int expectedVersion, string? previousHash,
        string eventClass, string properties, string metadata, out string? hash)
    {
        hash = null;
        if (version != expectedVersion)
        {
            return new ChainFailure(uuid, expectedVersion, id, ChainFailureKind.VersionGap,
                $"expected version {expectedVersion}, found {version} (row id {id})");
        }
        var stored = SafeStoredHash(metadata);
        if (stored is null)
        {
            return new ChainFailure(uuid, version, id, ChainFailureKind.MissingHash, "meta_data has no hash");
        }
        string computed;
        try
        {
            computed = EventHash.Compute(previousHash, uuid, version, eventClass, CanonicalJson.Canonicalize(properties));
        }
        catch (System.Text.Json.JsonException exception)
        {
            return new ChainFailure(uuid, version, id, ChainFailureKind.HashMismatch, $"event_properties is not JSON: {exception.Message}");
        }
        if (!string.Equals(stored, computed, StringComparison.Ordinal))
        {
            return new ChainFailure(uuid, version, id, ChainFailureKind.HashMismatch,
                $"stored hash {stored} but the event hashes to {computed}");
        }
        hash = stored;
        return null;
    }

    private static string? SafeStoredHash(string metadata)
    {
        try
        {
            return EventMetadataJson.ReadHash(metadata);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
