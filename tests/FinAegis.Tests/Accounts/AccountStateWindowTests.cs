using FinAegis.Grains.Abstractions.Accounts;
using FinAegis.Grains.Accounts;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Serialization.Cloning;

namespace FinAegis.Tests.Accounts;

/// <summary>The account's operation window: the last 256 operations, and shared (not copied) when the state is deep-copied.</summary>
public sealed class AccountStateWindowTests
{
    [Fact]
    public void The_window_keeps_the_last_operations_oldest_first()
    {
        var (state, operations) = StateWithDeposits(AccountState.RecentOperationWindow + 44);

        Assert.Equal(AccountState.RecentOperationWindow, state.RecentOperations.Length);
        Assert.Equal(operations[44], state.RecentOperations[0].Uuid);
        Assert.Equal(operations[^1], state.RecentOperations[^1].Uuid);
        Assert.Null(state.FindOperation(operations[43]));
        Assert.NotNull(state.FindOperation(operations[44]));
        Assert.Equal(AccountState.RecentOperationWindow + 44 + 1_000L, state.BalanceOf("USD"));
    }

    [Fact]
    public void A_deep_copy_shares_the_immutable_windows_and_copies_the_mutable_parts()
    {
        using var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        var copier = services.GetRequiredService<DeepCopier<AccountState>>();
        var (state, _) = StateWithDeposits(10);

        var copy = copier.Copy(state);

        Assert.NotSame(state, copy);
        Assert.True(state.RecentOperations == copy.RecentOperations, "the window's array is shared, not copied item by item");
        Assert.NotSame(state.Balances, copy.Balances);
        // The copy moves on alone: a new operation replaces its window and leaves the original's as it was.
        copy.Apply(new MoneyAdded(Guid.NewGuid(), "USD", 5, copy.BalanceOf("USD") + 5, null, state.UserUuid, DateTimeOffset.UtcNow));
        Assert.Equal(11, state.RecentOperations.Length);   // the opening deposit and 10 more
        Assert.Equal(12, copy.RecentOperations.Length);
        Assert.Equal(1_010L, state.BalanceOf("USD"));
    }

    private static (AccountState State, List<Guid> Operations) StateWithDeposits(int count)
    {
        var state = new AccountState();
        var user = Guid.NewGuid();
        state.Apply(new AccountCreated(Guid.NewGuid(), user, "Main", user, DateTimeOffset.UtcNow));
        state.Apply(new MoneyAdded(Guid.NewGuid(), "USD", 1_000, 1_000, null, user, DateTimeOffset.UtcNow));
        var operations = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var operation = Guid.NewGuid();
            operations.Add(operation);
            state.Apply(new MoneyAdded(operation, "USD", 1, state.BalanceOf("USD") + 1, null, user, DateTimeOffset.UtcNow));
        }
        return (state, operations);
    }
}
