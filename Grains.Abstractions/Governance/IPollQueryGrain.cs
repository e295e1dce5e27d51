namespace FinAegis.Grains.Abstractions.Governance;

/// <summary>Poll lists and stored votes from the `polls` and `votes` read models (a stateless worker; key 0).</summary>
[Alias("IPollQueryGrain")]
public interface IPollQueryGrain : IGrainWithIntegerKey
{
    /// <summary>Polls, newest first; <paramref name="activeOnly"/> keeps those accepting votes now.</summary>
    [Alias("ListPolls")]
    Task<Common.Page<PollView>> ListPolls(string? status, bool activeOnly, int limit, string? cursor);

    /// <summary>The caller's stored vote with its signature checked against the row as it is now, or null.</summary>
    [Alias("GetVote")]
    Task<VoteView?> GetVote(Guid pollUuid, Guid userUuid);
}
