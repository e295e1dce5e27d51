using System.Globalization;
using System.Text.Json;

namespace FinAegis.LoadTest;

/// <summary>The population: users with tokens, accounts spread over them, every account funded.</summary>
public sealed record Population(string[] Tokens, Guid[] Accounts, int[] Owners);

public static class Setup
{
    public const string Asset = "USD";
    public const string ConvertAsset = "EUR";
    public const long Funding = 100_000_000; // 1,000,000.00 USD per account

    public static async Task<Population> CreateAsync(ApiClient api, LoadTestOptions options, Ledger ledger, CancellationToken cancellationToken)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var tokens = new string[options.Users];
        await Parallel.ForEachAsync(Enumerable.Range(0, options.Users), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (user, _) =>
            {
                var body = await api.ExpectAsync(HttpMethod.Post, "/api/auth/register", null,
                    JsonSerializer.Serialize(new { name = $"Load {user}", email = $"load-{run}-{user}@example.com", password = "load-test-password" }), null, 201, 200);
                tokens[user] = body.GetProperty("access_token").GetString()!;
            });
        Console.Error.WriteLine($"  {options.Users} users registered");
        var accounts = new Guid[options.Accounts];
        var owners = new int[options.Accounts];
        var done = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, options.Accounts), new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken },
            async (account, _) =>
            {
                owners[account] = account % options.Users;
                var token = tokens[owners[account]];
                var opened = await api.ExpectAsync(HttpMethod.Post, "/api/accounts", token, JsonSerializer.Serialize(new { name = $"Load {account}" }), null, 201);
                accounts[account] = opened.GetProperty("data").GetProperty("uuid").GetGuid();
                await api.ExpectAsync(HttpMethod.Post, $"/api/accounts/{accounts[account]}/deposit", token,
                    JsonSerializer.Serialize(new { amount = Major(Funding), asset_code = Asset }), Guid.NewGuid().ToString(), 200);
                ledger.Inject(account, Asset, Funding);
                if (Interlocked.Increment(ref done) % 200 == 0)
                {
                    Console.Error.Write($"\r  {done}/{options.Accounts} accounts opened and funded");
                }
            });
        Console.Error.WriteLine($"\r  {options.Accounts} accounts opened and funded with {Major(Funding)} {Asset} each");
        if (options.Mix.Includes(Operation.Convert) && options.AdminEmail is not null && options.AdminPassword is not null)
        {
            var login = await api.ExpectAsync(HttpMethod.Post, "/api/auth/login", null,
                JsonSerializer.Serialize(new { email = options.AdminEmail, password = options.AdminPassword }), null, 200);
            await api.ExpectAsync(HttpMethod.Post, "/api/exchange-rates", login.GetProperty("access_token").GetString(),
                JsonSerializer.Serialize(new { from_asset = Asset, to_asset = ConvertAsset, rate = "0.9", source = "manual" }), null, 201, 200);
        }
        return new Population(tokens, accounts, owners);
    }

    /// <summary>Minor units of a 2-decimal asset as the API's major-unit string.</summary>
    public static string Major(long minor) => (minor / 100).ToString(CultureInfo.InvariantCulture) + "." + (minor % 100).ToString("00", CultureInfo.InvariantCulture);
}
