using Orleans.Configuration;

namespace FinAegis.Silo.Hosting;

/// <summary>
/// How a silo stopped gracefully (SIGTERM) hands its work over.
/// <para>
/// Since Orleans 9.2 a graceful stop has no pause: the silo marks itself ShuttingDown, deactivates its grains and
/// stops its message center within tens of milliseconds. The other silos' grain-location caches still name it
/// (Orleans drops those entries only once the silo is Dead), so they keep forwarding requests for its former grains
/// to it; a request that arrived after its message center stopped was rejected, but the rejection could no longer be
/// sent and was dropped, and the client waited out its whole response timeout (a 503 from the API).
/// </para>
/// <para>
/// The pause below keeps the silo's messaging up for a while after its grains are deactivated: requests still routed
/// to it are forwarded to the grains' new activations (each forward also corrects the sender's cache) and the
/// answers and rejections in flight reach their callers before it leaves. A stop takes these seconds longer, well
/// inside the 30 s shutdown timeout.
/// </para>
/// <para>
/// Not covered (Orleans 10.4): the "stop sending to this gateway" notice a stopping silo sends its clients names the
/// gateway with its generation while the client keeps generation-less gateway addresses, so the notice has no effect;
/// a client moves off the gateway only when its gateway-list refresh sees the silo leave the membership table (and then
/// closes that connection) or when the connection drops. A request sent through that gateway in its last moments can
/// still go unanswered until the client's deadline.
/// </para>
/// </summary>
public static class GracefulDrain
{
    /// <summary>How long the silo keeps forwarding and answering after deactivating its grains.</summary>
    public static readonly TimeSpan ForwardAfterDeactivation = TimeSpan.FromSeconds(2);

    public static ISiloBuilder ConfigureGracefulDrain(this ISiloBuilder silo)
        => silo.Configure<SiloMessagingOptions>(messaging => messaging.WaitForMessageToBeQueuedForOutboundTime = ForwardAfterDeactivation);
}
