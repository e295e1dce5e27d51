using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FinAegis.Grains.Abstractions.Identity;
using Microsoft.Extensions.Options;
using MySqlConnector;

namespace FinAegis.Grains.Identity;

/// <summary>
/// SQL for `users` and `personal_access_tokens` (Laravel Sanctum's layout). Times are passed in as UTC and read
/// back as UTC. Tokens are soft-revoked (revoked_at) so revocations can be polled; rows are never deleted here.
/// </summary>
public sealed class IdentityStore(IOptions<IdentityOptions> options)
{
    /// <summary>Sanctum's polymorphic owner type: the rows stay readable by the Laravel implementation.</summary>
    public const string UserTokenableType = @"App\Models\User";

    private const string UserColumns = "id, uuid, name, email, password, is_admin";

    public async Task<UserRecord?> FindUserByEmailAsync(string normalizedEmail)
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection, $"SELECT {UserColumns} FROM users WHERE email = @email",
            ("@email", normalizedEmail));
        return await ReadUserAsync(command);
    }

    public async Task<UserRecord?> FindUserByUuidAsync(Guid uuid)
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection, $"SELECT {UserColumns} FROM users WHERE uuid = @uuid",
            ("@uuid", uuid.ToString()));
        return await ReadUserAsync(command);
    }

    /// <summary>Inserts a user; null when the email is taken (the unique key decides, so concurrent registers are safe).</summary>
    public async Task<UserRecord?> InsertUserAsync(Guid uuid, string name, string normalizedEmail, string passwordHash,
        bool isAdmin, DateTime now)
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection,
            "INSERT INTO users (uuid, name, email, password, is_admin, created_at, updated_at) " +
            "VALUES (@uuid, @name, @email, @password, @admin, @now, @now)",
            ("@uuid", uuid.ToString()), ("@name", name), ("@email", normalizedEmail), ("@password", passwordHash),
            ("@admin", isAdmin), ("@now", now));
        try
        {
            await command.ExecuteNonQueryAsync();
        }
        catch (MySqlException e) when (e.ErrorCode == MySqlErrorCode.DuplicateKeyEntry)
        {
            return null;
        }
        return new UserRecord(command.LastInsertedId, uuid, name, normalizedEmail, passwordHash, isAdmin);
    }

    public async Task UpdateUserAdminAsync(long userId, bool isAdmin, DateTime now)
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection, "UPDATE users SET is_admin = @admin, updated_at = @now WHERE id = @id",
            ("@admin", isAdmin), ("@now", now), ("@id", userId));
        await command.ExecuteNonQueryAsync();
    }

    public async Task UpdateUserPasswordAsync(long userId, string passwordHash, DateTime now)
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection, "UPDATE users SET password = @password, updated_at = @now WHERE id = @id",
            ("@password", passwordHash), ("@now", now), ("@id", userId));
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Stores a token's hash and returns its id (the "{id}" of the plain-text token).</summary>
    public async Task<long> InsertTokenAsync(long userId, string name, string secretSha256Hex, IReadOnlyList<string> abilities,
        DateTime expiresAt, DateTime now)
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection,
            "INSERT INTO personal_access_tokens (tokenable_type, tokenable_id, name, token, abilities, expires_at, created_at, updated_at) " +
            "VALUES (@type, @user, @name, @token, @abilities, @expires, @now, @now)",
            ("@type", UserTokenableType), ("@user", userId), ("@name", name), ("@token", secretSha256Hex),
            ("@abilities", JsonSerializer.Serialize(abilities)), ("@expires", expiresAt), ("@now", now));
        await command.ExecuteNonQueryAsync();
        return command.LastInsertedId;
    }

    /// <summary>
    /// The principal of a live token, looked up by id and then compared by hash in constant time (an index lookup by
    /// hash would leak timing about stored hashes). Revoked, expired, or mismatched → null.
    /// </summary>
    public async Task<TokenPrincipal?> ResolveTokenAsync(long tokenId, string secretSha256Hex, DateTime now)
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection,
            "SELECT t.token, t.abilities, t.expires_at, u.uuid, u.name, u.email, u.is_admin " +
            "FROM personal_access_tokens t JOIN users u ON u.id = t.tokenable_id " +
            "WHERE t.id = @id AND t.tokenable_type = @type AND t.revoked_at IS NULL",
            ("@id", tokenId), ("@type", UserTokenableType));
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            return null;
        }
        var stored = reader.GetString(0);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(stored),
                Encoding.ASCII.GetBytes(secretSha256Hex.ToLowerInvariant())))
        {
            return null;
        }
        var expiresAt = ReadUtc(reader, 2);
        if (expiresAt is not null && expiresAt <= now)
        {
            return null;
        }
        return new TokenPrincipal(tokenId, reader.GetGuid(3), reader.GetString(4), reader.GetString(5),
            reader.GetBoolean(6), ParseAbilities(reader, 1), ToOffset(expiresAt));
    }

    /// <summary>Revokes a live token, optionally only if <paramref name="ownerId"/> owns it. True if it was revoked now.</summary>
    public async Task<bool> RevokeTokenAsync(long tokenId, long? ownerId, DateTime now)
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection,
            "UPDATE personal_access_tokens SET revoked_at = @now, updated_at = @now " +
            "WHERE id = @id AND revoked_at IS NULL" + (ownerId is null ? "" : " AND tokenable_type = @type AND tokenable_id = @owner"),
            ("@now", now), ("@id", tokenId), ("@type", UserTokenableType), ("@owner", ownerId));
        return await command.ExecuteNonQueryAsync() > 0;
    }

    /// <summary>Revokes every live token of a user in one transaction and returns their ids.</summary>
    public async Task<IReadOnlyList<long>> RevokeAllAsync(long userId, DateTime now)
    {
        await using var connection = await OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var ids = new List<long>();
        await using (var select = Command(connection,
                         "SELECT id FROM personal_access_tokens WHERE tokenable_type = @type AND tokenable_id = @user " +
                         "AND revoked_at IS NULL FOR UPDATE",
                         ("@type", UserTokenableType), ("@user", userId)))
        {
            select.Transaction = transaction;
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                ids.Add(ReadId(reader, 0));
            }
        }
        if (ids.Count > 0)
        {
            await using var update = Command(connection,
                "UPDATE personal_access_tokens SET revoked_at = @now, updated_at = @now " +
                "WHERE tokenable_type = @type AND tokenable_id = @user AND revoked_at IS NULL",
                ("@now", now), ("@type", UserTokenableType), ("@user", userId));
            update.Transaction = transaction;
            await update.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
        return ids;
    }

    /// <summary>Ids of tokens revoked after <paramref name="since"/> (uses the revoked_at index).</summary>
    public async Task<IReadOnlyList<long>> RevokedSinceAsync(DateTime since)
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection,
            "SELECT id FROM personal_access_tokens WHERE revoked_at > @since", ("@since", since));
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<long>();
        while (await reader.ReadAsync())
        {
            ids.Add(ReadId(reader, 0));
        }
        return ids;
    }

    /// <summary>Up to <paramref name="take"/> live tokens of a user, newest (highest id) first, below <paramref name="beforeId"/>.</summary>
    public async Task<IReadOnlyList<TokenInfo>> ListTokensAsync(long userId, int take, long? beforeId, DateTime now)
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection,
            "SELECT id, name, abilities, last_used_at, expires_at, created_at FROM personal_access_tokens " +
            "WHERE tokenable_type = @type AND tokenable_id = @user AND revoked_at IS NULL " +
            "AND (expires_at IS NULL OR expires_at > @now) AND (@before IS NULL OR id < @before) " +
            "ORDER BY id DESC LIMIT @take",
            ("@type", UserTokenableType), ("@user", userId), ("@now", now), ("@before", beforeId), ("@take", take));
        await using var reader = await command.ExecuteReaderAsync();
        var tokens = new List<TokenInfo>();
        while (await reader.ReadAsync())
        {
            tokens.Add(new TokenInfo(ReadId(reader, 0), reader.GetString(1), ParseAbilities(reader, 2),
                ToOffset(ReadUtc(reader, 3)), ToOffset(ReadUtc(reader, 4)), ToOffset(ReadUtc(reader, 5)) ?? DateTimeOffset.UnixEpoch));
        }
        return tokens;
    }

    /// <summary>The stored hash of a token (for tests and audits: proves the secret itself is never stored).</summary>
    public async Task<string?> GetTokenHashAsync(long tokenId)
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection, "SELECT token FROM personal_access_tokens WHERE id = @id", ("@id", tokenId));
        return await command.ExecuteScalarAsync() as string;
    }

    private async Task<MySqlConnection> OpenAsync()
    {
        var connection = new MySqlConnection(options.Value.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static MySqlCommand Command(MySqlConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        return command;
    }

    private static async Task<UserRecord?> ReadUserAsync(MySqlCommand command)
    {
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            return null;
        }
        return new UserRecord(ReadId(reader, 0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3),
            reader.GetString(4), reader.GetBoolean(5));
    }

    private static long ReadId(MySqlDataReader reader, int ordinal) => checked((long)reader.GetUInt64(ordinal));

    private static DateTime? ReadUtc(MySqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc);

    private static DateTimeOffset? ToOffset(DateTime? utc) => utc is null ? null : new DateTimeOffset(utc.Value, TimeSpan.Zero);

    /// <summary>A JSON array of strings; anything else grants nothing rather than failing the request.</summary>
    private static IReadOnlyList<string> ParseAbilities(MySqlDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal))
        {
            return [];
        }
        try
        {
            return JsonSerializer.Deserialize<string[]>(reader.GetString(ordinal))?.Where(a => a is not null).ToArray() ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
