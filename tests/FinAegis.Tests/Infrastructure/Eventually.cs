namespace FinAegis.Tests.Infrastructure;

/// <summary>Calls that may fail while a cluster recovers (a silo killed or restarted): retried until a deadline.</summary>
public static class Eventually
{
    public static async Task<T> RetryAsync<T>(Func<Task<T>> call, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
            }
        }
    }
}
