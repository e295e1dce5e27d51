using Orleans.Configuration;

namespace FinAegis.Silo.Hosting;

/// <summary>
/// How a silo stopped gracefully (SIGTERM) hands its work over without failing a request.
/// <para>
/// Since Orleans 9.2 a graceful stop has no pauses: the silo marks itself ShuttingDown, deactivates its grains and
/// stops its message center within tens of milliseconds. The other silos' grain-location caches still name it
/// (Orleans drops those entries only once the silo is Dead), so they keep forwarding requests for its former grains
/// to it; a request that arrives after its message center stopped is rejected, but the rejection can no longer be
/// sent and is dropped, and the client waits out its whole response timeout (a 503 from the API). The same happens
/// to the answer of a request a client sent through the stopping silo's gateway.
/// </para>
/// <para>
/// The two pauses below restore an orderly drain: first the connected clients are told to stop sending through
/// this silo's gateway and the requests already on it finish; then, after the grains are deactivated, the silo keeps
/// its messaging up while requests still routed to it are forwarded to the grains' new activations (each forward
/// also corrects the sender's cache) and the answers and rejections in flight reach their callers. Only then does it
/// leave the cluster. A stop takes these few seconds longer, well inside the 30 s shutdown timeout.
/// </para>
/// </summary>
public static class GracefulDrain
{
    /// <summary>How long clients get to move off this silo's gateway before its grains are deactivated.</summary>
    public static readonly TimeSpan ClientMoveOff = TimeSpan.FromSeconds(1);

    /// <summary>How long the silo keeps forwarding and answering after deactivating its grains.</summary>
    public static readonly TimeSpan ForwardAfterDeactivation = TimeSpan.FromSeconds(2);

    public static ISiloBuilder ConfigureGracefulDrain(this ISiloBuilder silo)
        => silo.Configure<SiloMessagingOptions>(messaging =>
        {
            messaging.ClientGatewayShutdownNotificationTimeout = ClientMoveOff;
            messaging.WaitForMessageToBeQueuedForOutboundTime = ForwardAfterDeactivation;
        });
}
