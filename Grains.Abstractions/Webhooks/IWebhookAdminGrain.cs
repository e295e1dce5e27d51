using FinAegis.Grains.Abstractions.Common;

namespace FinAegis.Grains.Abstractions.Webhooks;

/// <summary>
/// Administration of webhooks and their deliveries (SPEC §9). Stateless: the database is the truth; every method
/// refuses callers who are not administrators.
/// </summary>
[Alias("IWebhookAdminGrain")]
public interface IWebhookAdminGrain : IGrainWithIntegerKey
{
    [Alias("Create")]
    Task<WebhookResult> Create(CreateWebhook command);

    [Alias("List")]
    Task<Page<WebhookView>> List(Caller caller, int limit, string? cursor);

    [Alias("Get")]
    Task<WebhookResult> Get(Caller caller, long id);

    [Alias("Update")]
    Task<WebhookResult> Update(UpdateWebhook command);

    [Alias("Delete")]
    Task<DomainError?> Delete(Caller caller, long id);

    [Alias("RotateSecret")]
    Task<WebhookResult> RotateSecret(Caller caller, long id);

    [Alias("ListDeliveries")]
    Task<WebhookDeliveryPageResult> ListDeliveries(WebhookDeliveryQuery query);

    [Alias("Redeliver")]
    Task<WebhookDeliveryResult> Redeliver(Caller caller, long webhookId, long deliveryId);
}
