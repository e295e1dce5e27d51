namespace FinAegis.Api.Hosting;

/// <summary>
/// Retries a grain call that a silo rejected. A rejection ("silo stopping" while a silo drains on SIGTERM, an
/// activation that just moved, an overloaded gateway) comes back instead of a response: the grain never ran the call,
/// so sending it again is safe, and the retry finds the grain on a silo that stays. Without it a graceful scale-in
/// turns the requests in flight on the leaving silo into 503s.
/// </summary>
public sealed class RejectedCallRetryFilter : IOutgoingGrainCallFilter
{
    private static readonly TimeSpan[] _backoff = [TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(1)];

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await context.Invoke();
                return;
            }
            catch (OrleansMessageRejectionException) when (attempt < _backoff.Length)
            {
                await Task.Delay(_backoff[attempt]);
            }
        }
    }
}
