using FinAegis.Grains.Abstractions.Common;

namespace FinAegis.Grains.Abstractions.Accounts;

/// <summary>
/// Lists and history, read from the read-model tables and `stored_events` (a stateless worker; call with key 0).
/// It does not authorise: callers check access through <see cref="IAccountGrain.Get"/> first.
/// </summary>
[Alias("IAccountQueryGrain")]
public interface IAccountQueryGrain : IGrainWithIntegerKey
{
    /// <summary>Accounts of one user, oldest first; <paramref name="userUuid"/> null lists every account (admins).</summary>
    [Alias("ListAccounts")]
    Task<Page<AccountView>> ListAccounts(Guid? userUuid, int limit, string? cursor);

    /// <summary>Money movements, newest first.</summary>
    [Alias("ListTransactions")]
    Task<Page<TransactionView>> ListTransactions(TransactionQuery query);

    /// <summary>The raw stream, in version order.</summary>
    [Alias("ListEvents")]
    Task<Page<StreamEventView>> ListEvents(Guid accountUuid, int limit, string? cursor);

    [Alias("ListTurnovers")]
    Task<IReadOnlyList<TurnoverView>> ListTurnovers(Guid accountUuid, DateOnly? from, DateOnly? to);
}
