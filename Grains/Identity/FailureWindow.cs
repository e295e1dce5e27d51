using FinAegis.Grains.Abstractions.Identity;

namespace FinAegis.Grains.Identity;

/// <summary>
/// A sliding window of failure times: at most <c>max</c> failures within <c>window</c>; one more attempt is refused
/// until the oldest failure ages out. Pure (time is passed in) so tests need no clock.
/// </summary>
public sealed class FailureWindow(int max, TimeSpan window)
{
    private readonly Queue<DateTimeOffset> _failures = new();

    public ThrottleDecision Check(DateTimeOffset now)
    {
        Prune(now);
        if (_failures.Count < max)
        {
            return new ThrottleDecision(true, 0, _failures.Count);
        }
        var wait = _failures.Peek() + window - now;
        return new ThrottleDecision(false, Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)), _failures.Count);
    }

    public void Record(DateTimeOffset now)
    {
        Prune(now);
        _failures.Enqueue(now);
        // Only the newest `max` matter for the decision; dropping older ones keeps memory bounded under attack.
        while (_failures.Count > max)
        {
            _failures.Dequeue();
        }
    }

    public void Clear() => _failures.Clear();

    private void Prune(DateTimeOffset now)
    {
        while (_failures.Count > 0 && _failures.Peek() + window <= now)
        {
            _failures.Dequeue();
        }
    }
}
