using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FinAegis.Grains.Abstractions.Governance;
using Microsoft.Extensions.Configuration;

namespace FinAegis.Grains.Governance;

/// <summary>
/// Signs votes with HMAC-SHA256 over their canonical fields and checks stored votes against it. The key, in order:
/// FINAEGIS_VOTE_SIGNING_KEY (its UTF-8 bytes); else one derived from FINAEGIS_ENCRYPTION_KEY (HMAC of a fixed label,
/// so the two never coincide); else a random key generated once and kept in the `governance_keys` table, shared by
/// every silo and stable across restarts. That last fallback is for development: whoever can write the database can
/// also re-sign a tampered vote, so production sets one of the two variables.
/// </summary>
public sealed class VoteSigner(IConfiguration configuration, GovernanceStore store)
{
    public const string SigningKeyVariable = "FINAEGIS_VOTE_SIGNING_KEY";
    public const string EncryptionKeyVariable = "FINAEGIS_ENCRYPTION_KEY";
    private const string DerivationLabel = "finaegis/governance/vote-signing/v1";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private byte[]? _key;

    public async Task<string> SignAsync(Guid pollUuid, Guid userUuid, IReadOnlyList<VoteSelection> selections, long votingPower, DateTimeOffset votedAt)
    {
        var key = await KeyAsync();
        return Sign(key, pollUuid, userUuid, selections, votingPower, votedAt);
    }

    public async Task<bool> VerifyAsync(VoteView vote)
    {
        var key = await KeyAsync();
        var expected = Encoding.ASCII.GetBytes(Sign(key, vote.PollUuid, vote.UserUuid, vote.Selections, vote.VotingPower, vote.VotedAt));
        var actual = Encoding.ASCII.GetBytes(vote.Signature ?? "");
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    /// <summary>The signed text: a JSON array of the vote's fields in a fixed order, times in whole Unix seconds.</summary>
    public static string Canonical(Guid pollUuid, Guid userUuid, IReadOnlyList<VoteSelection> selections, long votingPower, DateTimeOffset votedAt) =>
        JsonSerializer.Serialize(new object?[]
        {
            "finaegis.vote.v1",
            pollUuid.ToString("D"),
            userUuid.ToString("D"),
            selections.Select(s => new object?[] { s.OptionId, s.Weight }).ToArray(),
            votingPower,
            votedAt.ToUnixTimeSeconds(),
        });

    public static string Sign(byte[] key, Guid pollUuid, Guid userUuid, IReadOnlyList<VoteSelection> selections, long votingPower, DateTimeOffset votedAt) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(Canonical(pollUuid, userUuid, selections, votingPower, votedAt))));

    private async Task<byte[]> KeyAsync()
    {
        if (_key is { } key)
        {
            return key;
        }
        await _gate.WaitAsync();
        try
        {
            return _key ??= await ResolveAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<byte[]> ResolveAsync()
    {
        if (configuration[SigningKeyVariable] is { Length: > 0 } signingKey)
        {
            return Encoding.UTF8.GetBytes(signingKey);
        }
        if (configuration[EncryptionKeyVariable] is { Length: > 0 } encryptionKey)
        {
            return HMACSHA256.HashData(Encoding.UTF8.GetBytes(encryptionKey), Encoding.UTF8.GetBytes(DerivationLabel));
        }
        return await store.GetOrCreateSigningKeyAsync(RandomNumberGenerator.GetBytes(32));
    }
}
