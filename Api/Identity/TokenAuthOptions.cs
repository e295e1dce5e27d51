namespace FinAegis.Api.Identity;

/// <summary>How long the API trusts what it cached about a token, and how often it asks what was revoked.</summary>
public sealed class TokenAuthOptions
{
    /// <summary>A resolved token is trusted this long (or until it expires, if sooner) before asking the silo again.</summary>
    public TimeSpan PositiveTtl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>An unknown token is refused from memory this long, so a client retrying a bad token costs no grain call.</summary>
    public TimeSpan NegativeTtl { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often each API instance asks the cluster which tokens were revoked (bounds revocation delay).</summary>
    public TimeSpan RevocationPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Entries per map (valid tokens, unknown tokens) before the cache sheds them: a bound on memory.</summary>
    public int MaxEntries { get; set; } = 100_000;
}
