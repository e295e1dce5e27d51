using FinAegis.Grains.Abstractions.Webhooks;
using FinAegis.Grains.Storage;
using MySqlConnector;

namespace FinAegis.Grains.Webhooks;

/// <summary>A delivery this silo claimed, with what sending it needs.</summary>
internal sealed record ClaimedDelivery(long Id, long WebhookId, string EventType, string Payload, int Attempts, string Url,
    IReadOnlyDictionary<string, string> Headers, string? SealedSecret, int TimeoutSeconds, int RetryAttempts, bool WebhookActive, Guid ClaimToken);

/// <summary>The outcome of one attempt, recorded only while the claim is still ours.</summary>
internal sealed record DeliveryOutcome(string Status, int Attempts, int? ResponseCode, string? ResponseBody, DateTime? NextRetryAt);

/// <summary>
/// The dispatcher's SQL. Claiming: in one transaction, lock due rows with FOR UPDATE SKIP LOCKED (MariaDB 10.6+,
/// MySQL 8.0), so a second silo skips them instead of waiting, and push their next_retry_at to the end of the lease
/// (the webhook's timeout plus a margin) under a fresh claim token. A silo that dies holding claims needs no cleanup:
/// its rows fall due again when the lease ends. Results are written only where the claim token is still ours.
/// </summary>
internal sealed class WebhookDeliveryStore(DatabaseSettings database)
{
    public async Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(int max, string claimedBy, int marginSeconds, CancellationToken cancellationToken)
    {
        var now = DateTime.UtcNow; // next_retry_at has milliseconds
        var token = Guid.NewGuid();
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var ids = new List<long>();
        await using (var select = new MySqlCommand(WebhookRows.Utc + """
            SELECT id FROM webhook_deliveries
            WHERE next_retry_at <= @now AND status IN ('pending', 'retrying')
            ORDER BY next_retry_at LIMIT @max
            FOR UPDATE SKIP LOCKED
            """, connection, transaction))
        {
            select.Add("@now", now);
            select.Add("@max", max);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(reader.GetInt64(0));
            }
        }
        if (ids.Count == 0)
        {
            await transaction.CommitAsync(cancellationToken);
            return [];
        }
        var idList = string.Join(",", ids);
        var claimed = new List<ClaimedDelivery>(ids.Count);
        await using (var claim = new MySqlCommand($"""
            UPDATE webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
            SET d.claim_token = @token, d.claimed_by = @by, d.next_retry_at = @now + INTERVAL (w.timeout_seconds + @margin) SECOND
            WHERE d.id IN ({idList});
            SELECT d.id, d.webhook_id, d.event_type, d.payload, d.attempts, w.url, w.headers, w.secret, w.timeout_seconds, w.retry_attempts, w.is_active
            FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
            WHERE d.id IN ({idList}) AND d.claim_token = @token
            """, connection, transaction))
        {
            claim.Add("@token", token.ToString());
            claim.Add("@by", claimedBy);
            claim.Add("@now", now);
            claim.Add("@margin", marginSeconds);
            await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                claimed.Add(new ClaimedDelivery(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4),
                    reader.GetString(5), reader.IsDBNull(6) ? new Dictionary<string, string>() : WebhookRows.ParseHeaders(reader.GetString(6)),
                    reader.IsDBNull(7) ? null : reader.GetString(7), reader.GetInt32(8), reader.GetInt32(9), reader.GetBoolean(10), token));
            }
        }
        await transaction.CommitAsync(cancellationToken);
        return claimed;
    }

    public async Task<bool> CompleteAsync(ClaimedDelivery delivery, DeliveryOutcome outcome, CancellationToken cancellationToken)
    {
        var now = WebhookRows.Now();
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = new MySqlCommand(WebhookRows.Utc + """
            UPDATE webhook_deliveries
            SET status = @status, attempts = @attempts, response_code = @code, response_body = @body,
                delivered_at = IF(@status = 'success', @now, delivered_at), failed_at = IF(@status = 'failed', @now, failed_at),
                next_retry_at = @next, claim_token = NULL, claimed_by = NULL, updated_at = @now
            WHERE id = @id AND claim_token = @token
            """, connection);
        command.Add("@status", outcome.Status);
        command.Add("@attempts", outcome.Attempts);
        command.Add("@code", outcome.ResponseCode);
        command.Add("@body", outcome.ResponseBody);
        command.Add("@now", now);
        command.Add("@next", outcome.Status is WebhookDeliveryStatus.Success or WebhookDeliveryStatus.Failed ? null : outcome.NextRetryAt);
        command.Add("@id", delivery.Id);
        command.Add("@token", delivery.ClaimToken.ToString());
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }
}
