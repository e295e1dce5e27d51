using System.Collections.Concurrent;
using System.Reflection;

namespace FinAegis.Tests.Infrastructure;

/// <summary>
/// A silo filter that makes listed accounts unreachable to transfers: their CheckCanReceive is answered with the
/// rejection Orleans gives a call to a silo that just died. Every test cluster has it; it touches no other account.
/// </summary>
public sealed class UnreachableAccounts : IIncomingGrainCallFilter
{
    private static readonly ConcurrentDictionary<Guid, bool> _accounts = new();

    public static IDisposable Make(Guid account)
    {
        _accounts[account] = true;
        return new Reachable(account);
    }

    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.MethodName == "CheckCanReceive" && context.TargetId.TryGetGuidKey(out var account, out _) && _accounts.ContainsKey(account))
        {
            // Its constructors are internal: Orleans alone creates it, as it does for a call to a dead silo.
            throw (OrleansMessageRejectionException)Activator.CreateInstance(typeof(OrleansMessageRejectionException),
                BindingFlags.Instance | BindingFlags.NonPublic, null, [$"Test: account {account} is unreachable."], null)!;
        }
        return context.Invoke();
    }

    private sealed class Reachable(Guid account) : IDisposable
    {
        public void Dispose() => _accounts.TryRemove(account, out _);
    }
}
