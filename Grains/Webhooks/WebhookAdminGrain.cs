using System.Text.Json;
using FinAegis.Grains.Abstractions.Common;
using FinAegis.Grains.Abstractions.Webhooks;
using FinAegis.Grains.Security;
using FinAegis.Grains.Storage;
using Microsoft.Extensions.Logging;
using MySqlConnector;
using Orleans.Concurrency;

namespace FinAegis.Grains.Webhooks;

/// <summary>
/// Webhook administration over the `webhooks` and `webhook_deliveries` tables. The secret is generated here, shown
/// once (in the create and rotate results) and stored sealed. After a change this silo reloads its subscriptions at
/// once; the other silos within their refresh interval.
/// </summary>
[StatelessWorker]
public sealed class WebhookAdminGrain(DatabaseSettings database, SecretBox secrets, WebhookAddressPolicy addresses,
    WebhookSubscriptions subscriptions, ILogger<WebhookAdminGrain> logger) : Grain, IWebhookAdminGrain
{
    public async Task<WebhookResult> Create(CreateWebhook command)
    {
        if (!command.Caller.IsAdmin)
        {
            return WebhookResult.Fail(Forbidden());
        }
        if (await ValidateAsync(command.Name, command.Url, command.Events, command.Headers, command.TimeoutSeconds, command.RetryAttempts) is { } invalid)
        {
            return WebhookResult.Fail(invalid);
        }
        if (!secrets.IsConfigured)
        {
            return WebhookResult.Fail(KeyMissing());
        }
        var secret = WebhookSecrets.Generate();
        var now = WebhookRows.Now();
        long id;
        await using (var connection = await database.OpenConnectionAsync())
        await using (var insert = connection.CreateCommand())
        {
            insert.CommandText = WebhookRows.Utc + """
                INSERT INTO webhooks (name, url, events, headers, secret, is_active, timeout_seconds, retry_attempts, created_at, updated_at)
                VALUES (@name, @url, @events, @headers, @secret, @active, @timeout, @retries, @now, @now)
                """;
            insert.Add("@name", command.Name.Trim());
            insert.Add("@url", command.Url);
            insert.Add("@events", JsonSerializer.Serialize(command.Events.Distinct(StringComparer.Ordinal)));
            insert.Add("@headers", WebhookRows.HeadersJson(command.Headers));
            insert.Add("@secret", WebhookSecrets.Seal(secrets, secret));
            insert.Add("@active", command.IsActive ?? true);
            insert.Add("@timeout", command.TimeoutSeconds ?? WebhookRules.DefaultTimeoutSeconds);
            insert.Add("@retries", command.RetryAttempts ?? WebhookRules.DefaultRetryAttempts);
            insert.Add("@now", now);
            await insert.ExecuteNonQueryAsync();
            id = insert.LastInsertedId;
        }
        await subscriptions.RefreshAsync();
        logger.LogInformation("Webhook {WebhookId} created by {User}", id, command.Caller.UserUuid);
        return await LoadAsync(id) is { } view ? WebhookResult.Ok(view, secret) : WebhookResult.Fail(NotFound());
    }

    public async Task<Page<WebhookView>> List(Caller caller, int limit, string? cursor)
    {
        if (!caller.IsAdmin)
        {
            return new Page<WebhookView>([], null);
        }
        Cursor.TryDecode(cursor, out var afterId);
        await using var connection = await database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = WebhookRows.Utc + $"SELECT {WebhookRows.WebhookColumns} FROM webhooks WHERE id > @after ORDER BY id LIMIT @limit";
        command.Add("@after", afterId);
        command.Add("@limit", limit + 1);
        var rows = new List<WebhookView>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(WebhookRows.ReadWebhook(reader));
        }
        var page = rows.Take(limit).ToList();
        return new Page<WebhookView>(page, rows.Count > limit ? Cursor.Encode(page[^1].Id) : null);
    }

    public async Task<WebhookResult> Get(Caller caller, long id)
    {
        if (!caller.IsAdmin)
        {
            return WebhookResult.Fail(Forbidden());
        }
        return await LoadAsync(id) is { } view ? WebhookResult.Ok(view) : WebhookResult.Fail(NotFound());
    }

    public async Task<WebhookResult> Update(UpdateWebhook command)
    {
        if (!command.Caller.IsAdmin)
        {
            return WebhookResult.Fail(Forbidden());
        }
        if (await LoadAsync(command.Id) is not { } current)
        {
            return WebhookResult.Fail(NotFound());
        }
        var name = command.Name ?? current.Name;
        var url = command.Url ?? current.Url;
        var events = command.Events ?? current.Events;
        var headers = command.Headers ?? current.Headers;
        var timeout = command.TimeoutSeconds ?? current.TimeoutSeconds;
        var retries = command.RetryAttempts ?? current.RetryAttempts;
        // The stored URL was checked when saved; re-resolve only a new one.
        var urlToCheck = command.Url is null ? null : url;
        if (await ValidateAsync(name, urlToCheck, events, headers, timeout, retries) is { } invalid)
        {
            return WebhookResult.Fail(invalid);
        }
        await using (var connection = await database.OpenConnectionAsync())
        await using (var update = connection.CreateCommand())
        {
            update.CommandText = WebhookRows.Utc + """
                UPDATE webhooks SET name = @name, url = @url, events = @events, headers = @headers, is_active = @active,
                    timeout_seconds = @timeout, retry_attempts = @retries, updated_at = @now
                WHERE id = @id
                """;
            update.Add("@id", command.Id);
            update.Add("@name", name.Trim());
            update.Add("@url", url);
            update.Add("@events", JsonSerializer.Serialize(events.Distinct(StringComparer.Ordinal)));
            update.Add("@headers", WebhookRows.HeadersJson(headers));
            update.Add("@active", command.IsActive ?? current.IsActive);
            update.Add("@timeout", timeout);
            update.Add("@retries", retries);
            update.Add("@now", WebhookRows.Now());
            if (await update.ExecuteNonQueryAsync() == 0)
            {
                return WebhookResult.Fail(NotFound());
            }
        }
        await subscriptions.RefreshAsync();
        return await LoadAsync(command.Id) is { } view ? WebhookResult.Ok(view) : WebhookResult.Fail(NotFound());
    }

    public async Task<DomainError?> Delete(Caller caller, long id)
    {
        if (!caller.IsAdmin)
        {
            return Forbidden();
        }
        int deleted;
        await using (var connection = await database.OpenConnectionAsync())
        await using (var delete = connection.CreateCommand())
        {
            // Its deliveries go with it (ON DELETE CASCADE).
            delete.CommandText = "DELETE FROM webhooks WHERE id = @id";
            delete.Add("@id", id);
            deleted = await delete.ExecuteNonQueryAsync();
        }
        if (deleted == 0)
        {
            return NotFound();
        }
        await subscriptions.RefreshAsync();
        logger.LogInformation("Webhook {WebhookId} deleted by {User}", id, caller.UserUuid);
        return null;
    }

    public async Task<WebhookResult> RotateSecret(Caller caller, long id)
    {
        if (!caller.IsAdmin)
        {
            return WebhookResult.Fail(Forbidden());
        }
        if (!secrets.IsConfigured)
        {
            return WebhookResult.Fail(KeyMissing());
        }
        var secret = WebhookSecrets.Generate();
        await using (var connection = await database.OpenConnectionAsync())
        await using (var update = connection.CreateCommand())
        {
            update.CommandText = WebhookRows.Utc + "UPDATE webhooks SET secret = @secret, updated_at = @now WHERE id = @id";
            update.Add("@id", id);
            update.Add("@secret", WebhookSecrets.Seal(secrets, secret));
            update.Add("@now", WebhookRows.Now());
            if (await update.ExecuteNonQueryAsync() == 0)
            {
                return WebhookResult.Fail(NotFound());
            }
        }
        logger.LogInformation("Webhook {WebhookId}: secret rotated by {User}", id, caller.UserUuid);
        return await LoadAsync(id) is { } view ? WebhookResult.Ok(view, secret) : WebhookResult.Fail(NotFound());
    }

    public async Task<WebhookDeliveryPageResult> ListDeliveries(WebhookDeliveryQuery query)
    {
        if (!query.Caller.IsAdmin)
        {
            return new WebhookDeliveryPageResult(null, Forbidden());
        }
        if (await LoadAsync(query.WebhookId) is null)
        {
            return new WebhookDeliveryPageResult(null, NotFound());
        }
        var hasCursor = Cursor.TryDecode(query.Cursor, out var beforeId);
        await using var connection = await database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = WebhookRows.Utc + $"""
            SELECT {WebhookRows.DeliveryColumns} FROM webhook_deliveries
            WHERE webhook_id = @webhook AND id < @before AND (@status IS NULL OR status = @status)
            ORDER BY id DESC LIMIT @limit
            """;
        command.Add("@webhook", query.WebhookId);
        command.Add("@before", hasCursor ? beforeId : long.MaxValue);
        command.Add("@status", query.Status);
        command.Add("@limit", query.Limit + 1);
        var rows = new List<WebhookDeliveryView>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(WebhookRows.ReadDelivery(reader));
        }
        var page = rows.Take(query.Limit).ToList();
        return new WebhookDeliveryPageResult(new Page<WebhookDeliveryView>(page, rows.Count > query.Limit ? Cursor.Encode(page[^1].Id) : null), null);
    }

    /// <summary>Queues the delivery's payload again as a new pending delivery (same event id, so receivers can deduplicate).</summary>
    public async Task<WebhookDeliveryResult> Redeliver(Caller caller, long webhookId, long deliveryId)
    {
        if (!caller.IsAdmin)
        {
            return WebhookDeliveryResult.Fail(Forbidden());
        }
        var now = WebhookRows.Now();
        long id;
        await using (var connection = await database.OpenConnectionAsync())
        await using (var insert = connection.CreateCommand())
        {
            insert.CommandText = WebhookRows.Utc + """
                INSERT INTO webhook_deliveries (webhook_id, event_type, payload, status, attempts, next_retry_at, created_at, updated_at)
                SELECT webhook_id, event_type, payload, 'pending', 0, @now, @now, @now FROM webhook_deliveries WHERE id = @id AND webhook_id = @webhook
                """;
            insert.Add("@id", deliveryId);
            insert.Add("@webhook", webhookId);
            insert.Add("@now", now);
            if (await insert.ExecuteNonQueryAsync() == 0)
            {
                return WebhookDeliveryResult.Fail(DomainError.Of(ErrorCodes.NotFound, "No such delivery for this webhook."));
            }
            id = insert.LastInsertedId;
        }
        return await LoadDeliveryAsync(id) is { } delivery
            ? WebhookDeliveryResult.Ok(delivery)
            : WebhookDeliveryResult.Fail(DomainError.Of(ErrorCodes.NotFound, "No such delivery for this webhook."));
    }

    private async Task<DomainError?> ValidateAsync(string? name, string? url, IReadOnlyList<string>? events,
        IReadOnlyDictionary<string, string>? headers, int? timeout, int? retries)
    {
        var error = Field("name", WebhookRules.CheckName(name))
            ?? Field("events", WebhookRules.CheckEvents(events))
            ?? Field("headers", WebhookRules.CheckHeaders(headers?.ToDictionary(pair => pair.Key, pair => (string?)pair.Value)))
            ?? Field("timeout_seconds", WebhookRules.CheckTimeout(timeout))
            ?? Field("retry_attempts", WebhookRules.CheckRetryAttempts(retries));
        if (error is not null || url is null)
        {
            return error;
        }
        if (WebhookRules.CheckUrl(url, out var uri) is { } urlError)
        {
            return Field("url", urlError);
        }
        return Field("url", await addresses.CheckAsync(uri!));
    }

    /// <summary>A validation refusal naming its field (the API turns it into `errors: {field: [message]}`).</summary>
    private static DomainError? Field(string field, string? message) =>
        message is null ? null : new DomainError(ErrorCodes.ValidationFailed, message, new Dictionary<string, string> { ["field"] = field });

    private async Task<WebhookView?> LoadAsync(long id)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = WebhookRows.Utc + $"SELECT {WebhookRows.WebhookColumns} FROM webhooks WHERE id = @id";
        command.Add("@id", id);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? WebhookRows.ReadWebhook(reader) : null;
    }

    private async Task<WebhookDeliveryView?> LoadDeliveryAsync(long id)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = WebhookRows.Utc + $"SELECT {WebhookRows.DeliveryColumns} FROM webhook_deliveries WHERE id = @id";
        command.Add("@id", id);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? WebhookRows.ReadDelivery(reader) : null;
    }

    private static DomainError Forbidden() => DomainError.Of(ErrorCodes.Forbidden, "Only administrators manage webhooks.");

    private static DomainError NotFound() => DomainError.Of(ErrorCodes.NotFound, "No such webhook.");

    private static DomainError KeyMissing() =>
        DomainError.Of(ErrorCodes.Unavailable, "FINAEGIS_ENCRYPTION_KEY is not configured, so webhook secrets cannot be stored.");
}
