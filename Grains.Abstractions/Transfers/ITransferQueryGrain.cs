using FinAegis.Grains.Abstractions.Common;

namespace FinAegis.Grains.Abstractions.Transfers;

/// <summary>Transfers from the `transfers` read model (a stateless worker; key 0). Callers authorise.</summary>
[Alias("ITransferQueryGrain")]
public interface ITransferQueryGrain : IGrainWithIntegerKey
{
    /// <summary>The transfer with the user uuids owning its two accounts, or null.</summary>
    [Alias("Find")]
    Task<TransferWithOwners?> Find(Guid transferUuid);

    /// <summary>Transfers in or out of one account, newest first.</summary>
    [Alias("ListForAccount")]
    Task<Page<TransferView>> ListForAccount(Guid accountUuid, int limit, string? cursor);
}

[GenerateSerializer, Immutable, Alias("TransferWithOwners")]
public sealed record TransferWithOwners(
    [property: Id(0)] TransferView Transfer,
    [property: Id(1)] Guid? FromOwner,
    [property: Id(2)] Guid? ToOwner);
