using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FinAegis.Grains.Abstractions.Accounts;
using FinAegis.Grains.Abstractions.Common;
using FinAegis.Tests.Infrastructure;

namespace FinAegis.Tests.Governance;

/// <summary>
/// A cluster of governance's own: participation is a share of every registered user, so the count must not move
/// under other test classes. The classes of this collection run one after another.
/// </summary>
public sealed class GovernanceFixture : ClusterFixture
{
    public static readonly Caller Admin = new(Guid.NewGuid(), true);

    /// <summary>USD 10000.00 (asset power 10000, sqrt 100).</summary>
    public Guid VoterA { get; } = Guid.NewGuid();

    /// <summary>USD 2500.00 (2500, sqrt 50).</summary>
    public Guid VoterB { get; } = Guid.NewGuid();

    /// <summary>USD 99.99 plus 0.50 on a frozen (still open) account, and 5.00 on a closed one: 100.49 → 100, sqrt 10.</summary>
    public Guid VoterC { get; } = Guid.NewGuid();

    /// <summary>Holds only EUR: no USD power.</summary>
    public Guid VoterD { get; } = Guid.NewGuid();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await FundAsync(VoterA, "USD", 1_000_000);
        await FundAsync(VoterB, "USD", 250_000);
        await FundAsync(VoterC, "USD", 9_999);
        var frozen = await FundAsync(VoterC, "USD", 50);
        await Client.GetGrain<IAccountGrain>(frozen).Freeze(new ChangeAccountStatus(Admin, "test"));
        // Money that left a now-closed account no longer counts (the account's balance is zero when it closes).
        var closed = await FundAsync(VoterC, "USD", 500);
        var owner = new Caller(VoterC, false);
        await Client.GetGrain<IAccountGrain>(closed).Withdraw(new MoveMoney(owner, Guid.NewGuid(), "USD", 500, null));
        Assert.Null((await Client.GetGrain<IAccountGrain>(closed).Close(new ChangeAccountStatus(owner, null))).Error);
        await FundAsync(VoterD, "EUR", 1_000_000);
    }

    public async Task<Guid> FundAsync(Guid user, string asset, long minor)
    {
        var owner = new Caller(user, false);
        var account = Guid.NewGuid();
        var grain = Client.GetGrain<IAccountGrain>(account);
        Assert.Null((await grain.Open(new OpenAccount(owner, user, "Savings"))).Error);
        Assert.Null((await grain.Deposit(new MoveMoney(owner, Guid.NewGuid(), asset, minor, null))).Error);
        return account;
    }
}

[CollectionDefinition(Name)]
public sealed class GovernanceCollection : ICollectionFixture<GovernanceFixture>
{
    public const string Name = "governance";
}

/// <summary>HTTP helpers for polls.</summary>
public static class PollApi
{
    public static object Body(string type = "single_choice", string strategy = "one_user_one_vote", object[]? options = null,
        DateTimeOffset? start = null, DateTimeOffset? end = null, int? requiredParticipation = null, string? workflow = null,
        object? config = null) => new
    {
        title = "Should we?",
        description = "A test poll",
        type,
        options = options ?? new object[] { new { id = "yes", label = "Yes" }, new { id = "no", label = "No" } },
        start_date = (start ?? DateTimeOffset.UtcNow.AddMinutes(-5)).ToString("O"),
        end_date = (end ?? DateTimeOffset.UtcNow.AddHours(1)).ToString("O"),
        required_participation = requiredParticipation,
        voting_power_strategy = strategy,
        voting_power_config = config,
        execution_workflow = workflow,
    };

    public static async Task<Guid> CreateAsync(HttpClient admin, object body, bool activate = true)
    {
        var response = await admin.PostAsJsonAsync("/api/polls", body);
        var json = await ApiSession.ReadJsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.Created, json.ToString());
        Assert.Equal("draft", json.GetProperty("data").GetProperty("status").GetString());
        var uuid = json.GetProperty("data").GetProperty("uuid").GetGuid();
        if (activate)
        {
            var activated = await admin.PostAsync($"/api/polls/{uuid}/activate", null);
            Assert.Equal(HttpStatusCode.OK, activated.StatusCode);
        }
        return uuid;
    }

    public static Task<HttpResponseMessage> VoteAsync(HttpClient voter, Guid poll, object selections) =>
        voter.PostAsJsonAsync($"/api/polls/{poll}/vote", new { selected_options = selections });

    public static async Task<JsonElement> GetDataAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var json = await ApiSession.ReadJsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {json}");
        return json.GetProperty("data");
    }

    public static async Task<string?> ErrorOf(HttpResponseMessage response) =>
        (await ApiSession.ReadJsonAsync(response)) is { ValueKind: JsonValueKind.Object } json && json.TryGetProperty("error", out var e)
            ? e.GetString()
            : null;

    /// <summary>Polls a condition until it holds or the deadline passes (no sleeps in assertions).</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }
            await Task.Delay(100);
        }
    }
}
