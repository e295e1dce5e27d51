using System.Security.Cryptography;
using FinAegis.Grains.Abstractions.Common;
using FinAegis.Grains.Abstractions.Settings;
using FinAegis.Grains.Security;
using FinAegis.Grains.Storage;
using FinAegis.Grains.Webhooks;
using Microsoft.Extensions.Logging;
using MySqlConnector;
using Orleans.Concurrency;

namespace FinAegis.Grains.Settings;

/// <summary>
/// Typed platform settings over the `settings` table. Encrypted values are sealed here with AES-256-GCM (the key
/// bound as associated data) before they reach SQL; lists never show them, Get opens them for administrators only.
/// Values are never logged.
/// </summary>
[StatelessWorker]
public sealed class SettingsGrain(DatabaseSettings database, SecretBox secrets, WebhookSubscriptions subscriptions, ILogger<SettingsGrain> logger)
    : Grain, ISettingsGrain
{
    private const string Columns = "id, `key`, value, type, is_encrypted, description, created_at, updated_at";

    public async Task<Page<SettingView>> List(Caller caller, int limit, string? cursor)
    {
        Cursor.TryDecode(cursor, out var afterId);
        await using var connection = await database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = WebhookRows.Utc + $"SELECT {Columns} FROM settings WHERE id > @after ORDER BY id LIMIT @limit";
        command.Parameters.AddWithValue("@after", afterId);
        command.Parameters.AddWithValue("@limit", limit + 1);
        var rows = new List<(long Id, SettingView Setting)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var (id, setting, _) = Read(reader);
            rows.Add((id, setting));
        }
        var page = rows.Take(limit).ToList();
        return new Page<SettingView>(page.Select(row => row.Setting).ToList(), rows.Count > limit ? Cursor.Encode(page[^1].Id) : null);
    }

    public async Task<SettingResult> Get(Caller caller, string key)
    {
        if (SettingRules.CheckKey(key) is not null)
        {
            return SettingResult.Fail(NotFound());
        }
        var row = await LoadAsync(key);
        if (row is not { } found)
        {
            return SettingResult.Fail(NotFound());
        }
        var (setting, stored) = found;
        if (!setting.IsEncrypted || !caller.IsAdmin || stored is null)
        {
            return SettingResult.Ok(setting);
        }
        try
        {
            return SettingResult.Ok(setting with { ValueJson = SettingRules.ToJson(setting.Type, secrets.Open(stored, Purpose(key))) });
        }
        catch (Exception exception) when (exception is CryptographicException or EncryptionKeyMissingException)
        {
            logger.LogError("Setting {Key} cannot be decrypted with this silo's FINAEGIS_ENCRYPTION_KEY", key);
            return SettingResult.Fail(DomainError.Of(ErrorCodes.Unavailable, "The value cannot be decrypted with the configured encryption key."));
        }
    }

    public async Task<SettingResult> Put(PutSetting command)
    {
        if (!command.Caller.IsAdmin)
        {
            return SettingResult.Fail(DomainError.Of(ErrorCodes.Forbidden, "Only administrators change settings."));
        }
        var error = Field("key", SettingRules.CheckKey(command.Key)) ?? Field("type", SettingRules.CheckType(command.Type));
        var stored = "";
        error ??= Field("value", SettingRules.TryNormalize(command.Type, command.ValueJson, out stored));
        if (error is null && command.Description is { Length: > SettingRules.MaxDescriptionLength })
        {
            error = Field("description", $"The description is at most {SettingRules.MaxDescriptionLength} characters.");
        }
        if (error is null && command.Key == WebhookSubscriptions.LowBalanceThresholdKey
            && (command.Type != SettingRules.Integer || command.IsEncrypted || long.Parse(stored, System.Globalization.CultureInfo.InvariantCulture) < 0))
        {
            error = Field("value", "webhooks.low_balance_threshold is a non-negative, unencrypted integer (minor units).");
        }
        if (error is not null)
        {
            return SettingResult.Fail(error);
        }
        if (command.IsEncrypted)
        {
            if (!secrets.IsConfigured)
            {
                return SettingResult.Fail(DomainError.Of(ErrorCodes.Unavailable, "FINAEGIS_ENCRYPTION_KEY is not configured, so encrypted settings cannot be stored."));
            }
            stored = secrets.Seal(stored, Purpose(command.Key));
        }
        var now = WebhookRows.Now();
        await using (var connection = await database.OpenConnectionAsync())
        await using (var upsert = connection.CreateCommand())
        {
            upsert.CommandText = WebhookRows.Utc + """
                INSERT INTO settings (`key`, value, type, is_encrypted, description, created_at, updated_at)
                VALUES (@key, @value, @type, @encrypted, @description, @now, @now)
                ON DUPLICATE KEY UPDATE value = VALUES(value), type = VALUES(type), is_encrypted = VALUES(is_encrypted),
                    description = COALESCE(VALUES(description), description), updated_at = VALUES(updated_at)
                """;
            upsert.Parameters.AddWithValue("@key", command.Key);
            upsert.Parameters.AddWithValue("@value", stored);
            upsert.Parameters.AddWithValue("@type", command.Type);
            upsert.Parameters.AddWithValue("@encrypted", command.IsEncrypted);
            upsert.Parameters.AddWithValue("@description", command.Description);
            upsert.Parameters.AddWithValue("@now", now);
            await upsert.ExecuteNonQueryAsync();
        }
        logger.LogInformation("Setting {Key} ({Type}, encrypted: {Encrypted}) changed by {User}", command.Key, command.Type, command.IsEncrypted,
            command.Caller.UserUuid);
        if (command.Key.StartsWith("webhooks.", StringComparison.Ordinal))
        {
            await subscriptions.RefreshAsync();
        }
        return await Get(command.Caller, command.Key);
    }

    private async Task<(SettingView Setting, string? Stored)?> LoadAsync(string key)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = WebhookRows.Utc + $"SELECT {Columns} FROM settings WHERE `key` = @key";
        command.Parameters.AddWithValue("@key", key);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            return null;
        }
        var (_, setting, stored) = Read(reader);
        return (setting, stored);
    }

    /// <summary>A row as a view: encrypted values masked (ValueJson null), the stored text kept apart.</summary>
    private static (long Id, SettingView Setting, string? Stored) Read(MySqlDataReader reader)
    {
        var type = reader.GetString(3);
        var encrypted = reader.GetBoolean(4);
        var stored = reader.IsDBNull(2) ? null : reader.GetString(2);
        var valueJson = encrypted || stored is null ? null : SettingRules.ToJson(type, stored);
        return (reader.GetInt64(0), new SettingView(reader.GetString(1), valueJson, type, encrypted, reader.IsDBNull(5) ? null : reader.GetString(5),
            WebhookRows.UtcOf(reader, 6) ?? DateTimeOffset.UnixEpoch, WebhookRows.UtcOf(reader, 7) ?? DateTimeOffset.UnixEpoch), stored);
    }

    private static string Purpose(string key) => "settings:" + key;

    private static DomainError? Field(string field, string? message) =>
        message is null ? null : new DomainError(ErrorCodes.ValidationFailed, message, new Dictionary<string, string> { ["field"] = field });

    private static DomainError NotFound() => DomainError.Of(ErrorCodes.NotFound, "No such setting.");
}
