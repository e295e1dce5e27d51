using System.Text.Json;
using FinAegis.Grains.Abstractions.Accounts;
using FinAegis.Grains.Abstractions.Transfers;
using FinAegis.Grains.Accounts;
using FinAegis.Grains.EventSourcing;

namespace FinAegis.Tests.Accounts;

/// <summary>The account snapshot format: positional views that read back to the same state, and older object-form snapshots.</summary>
public sealed class AccountStateJsonTests
{
    [Fact]
    public void A_state_with_every_kind_of_view_reads_back_equal()
    {
        var state = BusyState(windowItems: 5);

        var json = StateSnapshotSerializer.Serialize(state, AccountStateJson.Options);
        var read = StateSnapshotSerializer.Deserialize<AccountState>(json, AccountStateJson.Options);

        Assert.Equal(ObjectForm(state), ObjectForm(read));
        Assert.Equal(state.RecentOperations.AsEnumerable(), read.RecentOperations.AsEnumerable());
        Assert.Equal(state.RecentTransfers.AsEnumerable(), read.RecentTransfers.AsEnumerable());
        Assert.Equal(state.RecentExchanges.AsEnumerable(), read.RecentExchanges.AsEnumerable());
        Assert.Equal(state.PendingTransfers, read.PendingTransfers);
        // Views are arrays, not objects with property names.
        using var document = JsonDocument.Parse(json);
        Assert.Equal(JsonValueKind.Array, document.RootElement.GetProperty("recent_operations")[0].ValueKind);
    }

    [Fact]
    public void A_snapshot_written_with_object_views_still_reads()
    {
        var state = BusyState(windowItems: 3);

        var read = StateSnapshotSerializer.Deserialize<AccountState>(ObjectForm(state), AccountStateJson.Options);

        Assert.Equal(ObjectForm(state), ObjectForm(read));
    }

    [Fact]
    public void Full_windows_take_at_least_a_quarter_fewer_bytes_than_object_views()
    {
        var state = BusyState(windowItems: AccountState.RecentOperationWindow);

        var compact = StateSnapshotSerializer.Serialize(state, AccountStateJson.Options).Length;
        var objects = ObjectForm(state).Length;

        Assert.True(compact < 0.75 * objects, $"positional {compact} chars vs objects {objects}");
    }

    [Theory]
    [InlineData("""["0de0388b-097d-5430-93d8-734728d48456","4bdd6ae1-7f23-4340-b20e-ec92a39c3aee","deposit","USD",1,1,null,null]""")]
    [InlineData("""["0de0388b-097d-5430-93d8-734728d48456","4bdd6ae1-7f23-4340-b20e-ec92a39c3aee","deposit","USD",1,1,null,null,"2026-11-25T17:27:03.874484+00:00",7]""")]
    [InlineData("""["0de0388b-097d-5430-93d8-734728d48456","4bdd6ae1-7f23-4340-b20e-ec92a39c3aee",null,"USD",1,1,null,null,"2026-11-25T17:27:03.874484+00:00"]""")]
    [InlineData("""["0de0388b-097d-5430-93d8-734728d48456","4bdd6ae1-7f23-4340-b20e-ec92a39c3aee","deposit","USD","1",1,null,null,"2026-11-25T17:27:03.874484+00:00"]""")]
    [InlineData("""7""")]
    public void A_malformed_view_is_an_error_not_a_wrong_state(string view)
    {
        var json = $$"""{"exists":true,"recent_operations":[{{view}}]}""";

        Assert.ThrowsAny<Exception>(() => StateSnapshotSerializer.Deserialize<AccountState>(json, AccountStateJson.Options));
    }

    private static string ObjectForm(AccountState state) => StateSnapshotSerializer.Serialize(state, StateSnapshotSerializer.DefaultOptions);

    private static AccountState BusyState(int windowItems)
    {
        var account = Guid.NewGuid();
        var state = new AccountState
        {
            Exists = true, Uuid = account, UserUuid = Guid.NewGuid(), Name = "Caf\u00e9 \"main\"", Status = AccountStatus.Active,
            CreatedAt = new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero).AddTicks(1234567),
            UpdatedAt = new DateTimeOffset(2026, 11, 25, 11, 0, 0, TimeSpan.FromHours(2)),
        };
        state.Balances["USD"] = 9_007_199_254_740_991;
        state.Balances["EUR"] = 0;
        var at = state.CreatedAt;
        for (var i = 0; i < windowItems; i++)
        {
            var transfer = Guid.NewGuid();
            at = at.AddTicks(123_457);
            state.RecentOperations = state.RecentOperations.Add(new TransactionView(transfer, account, i % 2 == 0 ? TransactionTypes.TransferOut : TransactionTypes.Deposit,
                "USD", i + 1, 1_000_000 - i, i % 3 == 0 ? null : $"note {i} \u00fc\\", i % 2 == 0 ? transfer : null, at));
            state.RecentTransfers = state.RecentTransfers.Add(new TransferView(transfer, i % 4 == 0 ? TransferStatus.Failed : TransferStatus.Completed, account,
                Guid.NewGuid(), "USD", i + 1, i % 5 == 0 ? "EUR" : "USD", i + 1, i % 5 == 0 ? "0.92" : null, i % 2 == 0 ? $"ref-{i}" : null,
                null, i % 4 == 0 ? "DESTINATION_ACCOUNT_FROZEN" : null, at, at.AddMilliseconds(3)));
            state.RecentExchanges = state.RecentExchanges.Add(new ExchangeView(Guid.NewGuid(), account, "USD", "EUR", 100 + i, 92 + i, "0.92", "23", "25",
                "direct", 1_000 - i, 500 + i, at));
        }
        var pending = Guid.NewGuid();
        state.PendingTransfers[pending] = new TransferView(pending, TransferStatus.Pending, account, Guid.NewGuid(), "USD", 5, "USD", 5,
            null, "r", "d", null, at, null);
        return state;
    }
}
