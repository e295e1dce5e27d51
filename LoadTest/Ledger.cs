namespace FinAegis.LoadTest;

/// <summary>
/// What the load test knows it did to each account, in minor units per asset: acknowledged moves exactly, and moves
/// whose outcome stayed unknown as a range. Thread-safe (Interlocked on plain arrays: the hot path stays cheap).
/// </summary>
public sealed class Ledger
{
    private readonly Dictionary<string, long[]> _exact = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long[]> _maybePlus = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long[]> _maybeMinus = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long[]> _injected = new(StringComparer.Ordinal);

    public Ledger(int accounts, IEnumerable<string> assets)
    {
        Accounts = accounts;
        foreach (var asset in assets)
        {
            _exact[asset] = new long[accounts];
            _maybePlus[asset] = new long[accounts];
            _maybeMinus[asset] = new long[accounts];
            // [0] acknowledged, [1] possibly more, [2] possibly less
            _injected[asset] = new long[3];
        }
    }

    public int Accounts { get; }

    public IEnumerable<string> Assets => _exact.Keys;

    /// <summary>Money that entered (deposit, exchange in) or left (negative: withdrawal, exchange out) the accounts.</summary>
    public void Inject(int account, string asset, long amount)
    {
        Interlocked.Add(ref _exact[asset][account], amount);
        Interlocked.Add(ref _injected[asset][0], amount);
    }

    /// <summary>Money moved between two of the accounts (a completed transfer in one asset).</summary>
    public void Move(int from, int to, string asset, long amount)
    {
        Interlocked.Add(ref _exact[asset][from], -amount);
        Interlocked.Add(ref _exact[asset][to], amount);
    }

    /// <summary>An injection that may or may not have happened.</summary>
    public void MaybeInject(int account, string asset, long amount)
    {
        if (amount >= 0)
        {
            Interlocked.Add(ref _maybePlus[asset][account], amount);
            Interlocked.Add(ref _injected[asset][1], amount);
        }
        else
        {
            Interlocked.Add(ref _maybeMinus[asset][account], -amount);
            Interlocked.Add(ref _injected[asset][2], -amount);
        }
    }

    /// <summary>A transfer that may or may not have happened (the source may be short, the destination richer).</summary>
    public void MaybeMove(int from, int to, string asset, long amount)
    {
        Interlocked.Add(ref _maybeMinus[asset][from], amount);
        Interlocked.Add(ref _maybePlus[asset][to], amount);
    }

    public (long Min, long Max) ExpectedBalance(int account, string asset)
    {
        var exact = Volatile.Read(ref _exact[asset][account]);
        return (exact - Volatile.Read(ref _maybeMinus[asset][account]), exact + Volatile.Read(ref _maybePlus[asset][account]));
    }

    /// <summary>The sum over all accounts of an asset: what was injected; transfers cannot change it.</summary>
    public (long Min, long Max) ExpectedTotal(string asset)
    {
        var injected = _injected[asset];
        return (Volatile.Read(ref injected[0]) - Volatile.Read(ref injected[2]), Volatile.Read(ref injected[0]) + Volatile.Read(ref injected[1]));
    }
}
