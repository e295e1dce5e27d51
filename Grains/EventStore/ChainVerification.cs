namespace FinAegis.Grains.EventStore;

public enum ChainFailureKind
{
    /// <summary>The stored hash differs from the hash recomputed from the previous hash and the event.</summary>
    HashMismatch,

    /// <summary>A version is missing (deleted event) or the stream does not start at 1.</summary>
    VersionGap,

    /// <summary>The row's meta_data carries no hash.</summary>
    MissingHash,
}

/// <summary>The first place where a stream's hash chain breaks.</summary>
public sealed record ChainFailure(string AggregateUuid, int Version, long RowId, ChainFailureKind Kind, string Detail);

/// <summary>The outcome of a verification: how much was checked and the first failure, if any.</summary>
public sealed record ChainVerification(long StreamsChecked, long EventsChecked, ChainFailure? FirstFailure)
{
    public bool IsValid => FirstFailure is null;
}

/// <summary>Progress of <see cref="HashChainVerifier.VerifyAllAsync"/>, reported every few thousand events.</summary>
public sealed record ChainVerificationProgress(long StreamsChecked, long EventsChecked, string? CurrentStream);
