namespace FinAegis.Grains.Idempotency;

/// <summary>One key the grain remembers: in flight since <see cref="StartedAt"/>, or completed with its result.</summary>
internal readonly record struct RecentKey(string RequestHash, string? ResultJson, DateTimeOffset StartedAt)
{
    public bool IsCompleted => ResultJson is not null;
}

/// <summary>
/// The most recent keys of one user, bounded: past <c>capacity</c> the oldest completed key goes first (the table
/// still has it, so forgetting it costs one read), and an in-flight key only when nothing completed is left.
/// </summary>
internal sealed class RecentKeys(int capacity)
{
    private readonly Dictionary<string, LinkedListNode<(string Key, RecentKey Value)>> _byKey = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Key, RecentKey Value)> _inFlight = new();
    private readonly LinkedList<(string Key, RecentKey Value)> _completed = new();

    public int Count => _byKey.Count;

    public IEnumerable<string> Keys => _byKey.Keys;

    public bool TryGet(string key, out RecentKey value)
    {
        if (_byKey.TryGetValue(key, out var node))
        {
            value = node.Value.Value;
            return true;
        }
        value = default;
        return false;
    }

    public void Start(string key, string requestHash, DateTimeOffset now) =>
        Put(key, new RecentKey(requestHash, null, now), _inFlight);

    public void Complete(string key, string requestHash, string resultJson, DateTimeOffset now)
    {
        var startedAt = _byKey.TryGetValue(key, out var node) ? node.Value.Value.StartedAt : now;
        Put(key, new RecentKey(requestHash, resultJson, startedAt), _completed);
    }

    public void Remove(string key)
    {
        if (_byKey.Remove(key, out var node))
        {
            node.List!.Remove(node);
        }
    }

    private void Put(string key, RecentKey value, LinkedList<(string Key, RecentKey Value)> list)
    {
        Remove(key);
        _byKey[key] = list.AddLast((key, value));
        while (_byKey.Count > capacity)
        {
            Remove((_completed.First ?? _inFlight.First)!.Value.Key);
        }
    }
}
