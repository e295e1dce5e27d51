namespace FinAegis.Grains.Webhooks;

/// <summary>How the silo's webhook machinery behaves (FINAEGIS_WEBHOOKS_* settings; tests shorten the delays).</summary>
public sealed class WebhookOptions
{
    /// <summary>FINAEGIS_WEBHOOKS_ALLOW_PRIVATE: accept and call private, loopback and link-local addresses.</summary>
    public bool AllowPrivateAddresses { get; set; }

    /// <summary>FINAEGIS_WEBHOOKS_RETRY_BASE_SECONDS: the first retry waits this long, each next one twice as long.</summary>
    public double RetryBaseSeconds { get; set; } = 10;

    /// <summary>How often every silo reloads the active subscriptions (changes made through this silo apply at once).</summary>
    public TimeSpan SubscriptionRefreshInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long the dispatcher sleeps when it found nothing due.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Deliveries claimed per round trip.</summary>
    public int ClaimBatchSize { get; set; } = 50;

    /// <summary>Requests in flight per silo.</summary>
    public int MaxConcurrency { get; set; } = 32;

    /// <summary>A claim lasts the webhook's timeout plus this; a silo that dies mid-send loses its claims after it.</summary>
    public double ClaimMarginSeconds { get; set; } = 15;

    /// <summary>How much of a receiver's answer is kept in response_body.</summary>
    public int MaxResponseBodyChars { get; set; } = 1000;

    /// <summary>Whether the dispatcher runs in this silo.</summary>
    public bool DispatcherEnabled { get; set; } = true;
}
