using System.Net;
using System.Net.Http.Json;
using System.Text;
using FinAegis.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FinAegis.Tests.Api;

/// <summary>
/// Every kind of bad input on the accounts routes: each answers its SPEC §3 problem (never a 500) and changes nothing.
/// Decision recorded here: amounts are plain decimals, written as a JSON number writes them; exponent forms ("1e5", 1e5)
/// are refused as not a number, since "exact major units" has no use for them and accepting them invites "1e400", and
/// so are padded or unusual strings (" 1", "+1", ".5"): the text must be exactly the number the client meant.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class AccountsBadInputTests(ClusterFixture fixture)
{
    private const string Invalid = "INVALID_JSON";
    private const string Validation = "VALIDATION_FAILED";

    /// <summary>Body → (status, code, field with the error for 422 VALIDATION_FAILED).</summary>
    public static readonly (string Body, HttpStatusCode Status, string Code, string? Field)[] MoneyBodies =
    [
        ("{\"amount\":", HttpStatusCode.BadRequest, Invalid, null),
        ("{\"amount\": \"1.00\"", HttpStatusCode.BadRequest, Invalid, null),
        ("{amount: 1}", HttpStatusCode.BadRequest, Invalid, null),
        ("{\"amount\": 1,}", HttpStatusCode.BadRequest, Invalid, null),
        ("{\"amount\": 1} trailing", HttpStatusCode.BadRequest, Invalid, null),
        ("{\"amount\": \"1\", \"amount\": \"1000\"}", HttpStatusCode.BadRequest, Invalid, null),
        ("{\"amount\": \"1\", \"AMOUNT\": \"1000\"}", HttpStatusCode.BadRequest, Invalid, null),
        ("{\"asset_code\": \"USD\", \"Asset_Code\": \"EUR\", \"amount\": \"1\"}", HttpStatusCode.BadRequest, Invalid, null),
        ("{\"amount\": \"1\", \"description\": \"a\", \"description\": \"b\"}", HttpStatusCode.BadRequest, Invalid, null),
        ("", HttpStatusCode.BadRequest, Invalid, null),
        ("null", HttpStatusCode.BadRequest, Invalid, null),
        ("[]", HttpStatusCode.BadRequest, Invalid, null),
        ("[{\"amount\": 1}]", HttpStatusCode.BadRequest, Invalid, null),
        ("\"1.00\"", HttpStatusCode.BadRequest, Invalid, null),
        ("42", HttpStatusCode.BadRequest, Invalid, null),
        ("{\"amount\": true}", HttpStatusCode.BadRequest, Invalid, null),
        ("{\"amount\": {\"value\": 1}}", HttpStatusCode.BadRequest, Invalid, null),
        ("{\"amount\": [1]}", HttpStatusCode.BadRequest, Invalid, null),
        ("{\"amount\": \"1\", \"asset_code\": 840}", HttpStatusCode.BadRequest, Invalid, null),
        ("{\"amount\": \"1\", \"asset_code\": [\"USD\"]}", HttpStatusCode.BadRequest, Invalid, null),
        ("{\"amount\": \"1\", \"description\": 5}", HttpStatusCode.BadRequest, Invalid, null),
        ("{\"amount\": \"1\", \"description\": {}}", HttpStatusCode.BadRequest, Invalid, null),
        (new string('[', 5000) + new string(']', 5000), HttpStatusCode.BadRequest, Invalid, null),
        ("{\"x\":" + new string('[', 5000) + new string(']', 5000) + ", \"amount\": 1}", HttpStatusCode.BadRequest, Invalid, null),
        ("{}", HttpStatusCode.UnprocessableEntity, Validation, "amount"),
        ("{\"asset_code\": \"USD\"}", HttpStatusCode.UnprocessableEntity, Validation, "amount"),
        ("{\"amount\": null}", HttpStatusCode.UnprocessableEntity, Validation, "amount"),
        ("{\"amount\": 0}", HttpStatusCode.UnprocessableEntity, Validation, "amount"),
        ("{\"amount\": \"0.00\"}", HttpStatusCode.UnprocessableEntity, Validation, "amount"),
        ("{\"amount\": -5}", HttpStatusCode.UnprocessableEntity, Validation, "amount"),
        ("{\"amount\": \"-0.01\"}", HttpStatusCode.UnprocessableEntity, Validation, "amount"),
        ("{\"amount\": \"-0\"}", HttpStatusCode.UnprocessableEntity, Validation, "amount"),
        ("{\"amount\": \"1.001\"}", HttpStatusCode.UnprocessableEntity, Validation, "amount"),
        ("{\"amount\": 1.001}", HttpStatusCode.UnprocessableEntity, Validation, "amount"),
        ("{\"amount\": 0.1e-1}", HttpStatusCode.UnprocessableEntity, Validation, "amount"),
        ("{\"amount\": \"0.000000001\", \"asset_code\": \"BTC\"}", HttpStatusCode.UnprocessableEntity, Validation, "amount"),
        ("{\"amount\": \"0.00001\", \"asset_code\": \"XAU\"}", HttpStatusCode.UnprocessableEntity, Validation, "amount"),
        ("{\"amount\": \"90071992547409.92\"}", HttpStatusCode.UnprocessableEntity, Validation, "amount"), // 2^53 cents
        ("{\"amount\": 90071992547409.92}", HttpStatusCode.UnprocessableEntity, Validation, "amount"),
        ("{\"amount\": \"90071992.54740992\", \"asset_code\": \"BTC\"}", HttpStatusCode.UnprocessableEntity, Validation, "amount"),
        ("{\"amount\": \"99999999999999999999999999999999999999\"}", HttpStatusCode.UnprocessableEntity, Validation, "amount"),
        ("{\"amount\": 1" + new string('0', 400) + "}", HttpStatusCode.UnprocessableEntity, Validation, "amount"),
        ("{\"amount\": \"abc\"}", HttpStatusCode.UnprocessableEntity, Validation, "amount"),
        ("{\"amount\": \"\"}", HttpStatusCode.UnprocessableEntity, Validation, "amount"),
        ("{\"amount\": \"  \"}", HttpStatusCode.UnprocessableEntity, Validation, "amount"),
        ("{\"amount\": \"1e5\"}", HttpStatusCode.UnprocessableEntity, Validation, "amount"),
        ("{\"amount\": 1e5}", HttpStatusCode.UnprocessableEntity, Validation, "amount"),
        ("{\"amount\": 1E+2}", HttpStatusCode.UnprocessableEntity, Validation, "amount"),
        ("{\"amount\": 1e400}", HttpStatusCode.UnprocessableEntity, Validation, "amount"),
        ("{\"amount\": \"12,34\"}", HttpStatusCode.UnprocessableEntity, Validation, "amount"),
        ("{\"amount\": \"1 000\"}", HttpStatusCode.UnprocessableEntity, Validation, "amount"),
        ("{\"amount\": \"0x10\"}", HttpStatusCode.UnprocessableEntity, Validation, "amount"),
        ("{\"amount\": \"NaN\"}", HttpStatusCode.UnprocessableEntity, Validation, "amount"),
        ("{\"amount\": \"Infinity\"}", HttpStatusCode.UnprocessableEntity, Validation, "amount"),
        ("{\"amount\": \"1.\"}", HttpStatusCode.UnprocessableEntity, Validation, "amount"),
        ("{\"amount\": \".5\"}", HttpStatusCode.UnprocessableEntity, Validation, "amount"),
        ("{\"amount\": \"+1\"}", HttpStatusCode.UnprocessableEntity, Validation, "amount"),
        ("{\"amount\": \" 1\"}", HttpStatusCode.UnprocessableEntity, Validation, "amount"),
        ("{\"amount\": \"1 \"}", HttpStatusCode.UnprocessableEntity, Validation, "amount"),
        ("{\"amount\": \"1\\n\"}", HttpStatusCode.UnprocessableEntity, Validation, "amount"),
        ("{\"amount\": \"-.5\"}", HttpStatusCode.UnprocessableEntity, Validation, "amount"),
        ("{\"amount\": \".\"}", HttpStatusCode.UnprocessableEntity, Validation, "amount"),
        ("{\"amount\": \"--1\"}", HttpStatusCode.UnprocessableEntity, Validation, "amount"),
        ("{\"amount\": \"١٢\"}", HttpStatusCode.UnprocessableEntity, Validation, "amount"),
        ("{\"amount\": \"1\", \"description\": \"" + new string('d', 256) + "\"}", HttpStatusCode.UnprocessableEntity, Validation, "description"),
        ("{\"amount\": \"1\", \"asset_code\": \"NOPE\"}", HttpStatusCode.UnprocessableEntity, "ASSET_NOT_FOUND", null),
        ("{\"amount\": \"0.0000000000000000001\", \"asset_code\": \"NOPE\"}", HttpStatusCode.UnprocessableEntity, "ASSET_NOT_FOUND", null),
        ("{\"amount\": \"abc\", \"asset_code\": \"NOPE\"}", HttpStatusCode.UnprocessableEntity, Validation, "amount"),
        ("{\"amount\": \"-1\", \"asset_code\": \"NOPE\"}", HttpStatusCode.UnprocessableEntity, Validation, "amount"),
        ("{\"asset_code\": \"NOPE\"}", HttpStatusCode.UnprocessableEntity, Validation, "amount"),
        ("{\"amount\": \"1\", \"asset_code\": \"usd\"}", HttpStatusCode.UnprocessableEntity, "ASSET_NOT_FOUND", null),
        ("{\"amount\": \"1\", \"asset_code\": \"\"}", HttpStatusCode.UnprocessableEntity, "ASSET_NOT_FOUND", null),
        ("{\"amount\": \"1\", \"asset_code\": \"" + new string('X', 5000) + "\"}", HttpStatusCode.UnprocessableEntity, "ASSET_NOT_FOUND", null),
    ];

    [Fact]
    public async Task Bad_deposit_and_withdraw_bodies_answer_their_problem_and_change_nothing()
    {
        var (owner, _) = await ApiSession.RegisterAsync(fixture);
        var account = await ApiSession.OpenAccountAsync(owner);
        await ApiAssert.DepositAsync(owner, account, "10.00");
        var before = await ApiAssert.AccountFingerprintAsync(fixture, owner, account);

        foreach (var route in new[] { "deposit", "withdraw" })
        {
            foreach (var (body, status, code, field) in MoneyBodies)
            {
                var context = $"{route} {Shorten(body)}";
                var response = await owner.PostAsync($"/api/accounts/{account}/{route}", ApiSession.Json(body));
                var problem = await ApiAssert.ProblemAsync(response, status, code, context);
                if (field is not null)
                {
                    Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{context}: {problem}");
                }
            }
        }
        Assert.Equal(before, await ApiAssert.AccountFingerprintAsync(fixture, owner, account));
    }

    [Fact]
    public async Task Bodies_that_are_not_json_or_too_large_are_refused_before_anything_runs()
    {
        var (owner, _) = await ApiSession.RegisterAsync(fixture);
        var account = await ApiSession.OpenAccountAsync(owner);
        await ApiAssert.DepositAsync(owner, account, "10.00");
        var before = await ApiAssert.AccountFingerprintAsync(fixture, owner, account);

        // Over 64 KiB, whether the rest is valid JSON or not, with or without a Content-Length.
        var large = "{\"amount\": \"1\", \"description\": \"" + new string('d', 70 * 1024) + "\"}";
        await ApiAssert.ProblemAsync(await owner.PostAsync($"/api/accounts/{account}/deposit", ApiSession.Json(large)),
            HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE");
        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(large)));
        chunked.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        await ApiAssert.ProblemAsync(await owner.PostAsync($"/api/accounts/{account}/withdraw", chunked),
            HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE", "chunked");
        await ApiAssert.ProblemAsync(await owner.PostAsync("/api/accounts", ApiSession.Json("{\"name\": \"" + new string('n', 65 * 1024) + "\"}")),
            HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE", "create");
        await ApiAssert.ProblemAsync(await owner.PostAsync("/api/auth/login", ApiSession.Json("{\"email\": \"" + new string('n', 65 * 1024) + "\"}")),
            HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE", "login");
        // Just under the limit is parsed (and refused for its over-long description, not its size).
        var under = "{\"amount\": \"1\", \"description\": \"" + new string('d', 60 * 1024) + "\"}";
        await ApiAssert.ValidationAsync(await owner.PostAsync($"/api/accounts/{account}/deposit", ApiSession.Json(under)), "description");

        // JSON sent as another media type.
        var text = new StringContent("{\"amount\": \"1\"}", Encoding.UTF8, "text/plain");
        await ApiAssert.ProblemAsync(await owner.PostAsync($"/api/accounts/{account}/deposit", text), HttpStatusCode.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE");
        var form = new FormUrlEncodedContent([new("amount", "1")]);
        await ApiAssert.ProblemAsync(await owner.PostAsync($"/api/accounts/{account}/deposit", form), HttpStatusCode.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE");
        // Not UTF-8.
        var latin1 = new ByteArrayContent([.. Encoding.ASCII.GetBytes("{\"amount\":\"1\",\"description\":\""), 0xE9, 0xFF, .. Encoding.ASCII.GetBytes("\"}")]);
        latin1.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        await ApiAssert.ProblemAsync(await owner.PostAsync($"/api/accounts/{account}/deposit", latin1), HttpStatusCode.BadRequest, Invalid);

        Assert.Equal(before, await ApiAssert.AccountFingerprintAsync(fixture, owner, account));
    }

    [Fact]
    public async Task Bad_account_creation_bodies_answer_their_problem_and_open_nothing()
    {
        var (owner, ownerUuid) = await ApiSession.RegisterAsync(fixture);
        var cases = new (string Body, HttpStatusCode Status, string Code, string? Field)[]
        {
            ("{\"name\":", HttpStatusCode.BadRequest, Invalid, null),
            ("", HttpStatusCode.BadRequest, Invalid, null),
            ("null", HttpStatusCode.BadRequest, Invalid, null),
            ("[]", HttpStatusCode.BadRequest, Invalid, null),
            ("[{\"name\": \"x\"}]", HttpStatusCode.BadRequest, Invalid, null),
            ("{\"name\": 123}", HttpStatusCode.BadRequest, Invalid, null),
            ("{\"name\": true}", HttpStatusCode.BadRequest, Invalid, null),
            ("{\"name\": [\"x\"]}", HttpStatusCode.BadRequest, Invalid, null),
            ("{\"name\": \"x\", \"user_uuid\": \"nope\"}", HttpStatusCode.BadRequest, Invalid, null),
            ("{\"name\": \"x\", \"user_uuid\": 5}", HttpStatusCode.BadRequest, Invalid, null),
            ("{}", HttpStatusCode.UnprocessableEntity, Validation, "name"),
            ("{\"name\": null}", HttpStatusCode.UnprocessableEntity, Validation, "name"),
            ("{\"name\": \"\"}", HttpStatusCode.UnprocessableEntity, Validation, "name"),
            ("{\"name\": \"   \"}", HttpStatusCode.UnprocessableEntity, Validation, "name"),
            ("{\"name\": \"" + new string('n', 256) + "\"}", HttpStatusCode.UnprocessableEntity, Validation, "name"),
            ("{\"name\": \"x\", \"user_uuid\": \"" + Guid.NewGuid() + "\"}", HttpStatusCode.Forbidden, "FORBIDDEN", null),
        };
        foreach (var (body, status, code, field) in cases)
        {
            var problem = await ApiAssert.ProblemAsync(await owner.PostAsync("/api/accounts", ApiSession.Json(body)), status, code, Shorten(body));
            if (field is not null)
            {
                Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{Shorten(body)}: {problem}");
            }
        }
        Assert.Equal(0L, await fixture.Database.ScalarAsync<long>("SELECT COUNT(*) FROM accounts WHERE user_uuid = @u", ("@u", ownerUuid.ToString())));
    }

    [Fact]
    public async Task Bad_freeze_bodies_answer_their_problem_and_change_nothing()
    {
        var (owner, _) = await ApiSession.RegisterAsync(fixture);
        var account = await ApiSession.OpenAccountAsync(owner);
        var admin = await ApiSession.AdminAsync(fixture);
        var before = await ApiAssert.AccountFingerprintAsync(fixture, owner, account);
        foreach (var route in new[] { "freeze", "unfreeze" })
        {
            await ApiAssert.ProblemAsync(await admin.PostAsync($"/api/accounts/{account}/{route}", ApiSession.Json("{\"reason\":")), HttpStatusCode.BadRequest, Invalid, route);
            await ApiAssert.ProblemAsync(await admin.PostAsync($"/api/accounts/{account}/{route}", ApiSession.Json("{\"reason\": 1}")), HttpStatusCode.BadRequest, Invalid, route);
            await ApiAssert.ProblemAsync(await admin.PostAsync($"/api/accounts/{account}/{route}", ApiSession.Json("")), HttpStatusCode.BadRequest, Invalid, route);
            await ApiAssert.ValidationAsync(await admin.PostAsync($"/api/accounts/{account}/{route}", ApiSession.Json("{}")), "reason", route);
            await ApiAssert.ValidationAsync(await admin.PostAsync($"/api/accounts/{account}/{route}",
                ApiSession.Json("{\"reason\": \"" + new string('r', 1001) + "\"}")), "reason", route);
        }
        Assert.Equal(before, await ApiAssert.AccountFingerprintAsync(fixture, owner, account));
    }

    [Theory]
    [InlineData("not-a-uuid")]
    [InlineData("00000000-0000-0000-0000-00000000000")]
    [InlineData("1")]
    [InlineData("%20")]
    [InlineData("..%2F..%2Fauth")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    [InlineData("3f2504e0-4f89-11d3-9a0c-0305e82c3301")]
    public async Task Unknown_or_invalid_account_ids_answer_404_account_not_found(string id)
    {
        var (owner, _) = await ApiSession.RegisterAsync(fixture);
        var admin = await ApiSession.AdminAsync(fixture);
        var attempts = new (string Name, Func<Task<HttpResponseMessage>> Send)[]
        {
            ("get", () => owner.GetAsync($"/api/accounts/{id}")),
            ("deposit", () => owner.PostAsJsonAsync($"/api/accounts/{id}/deposit", new { amount = "1" })),
            ("withdraw", () => owner.PostAsJsonAsync($"/api/accounts/{id}/withdraw", new { amount = "1" })),
            ("close", () => owner.DeleteAsync($"/api/accounts/{id}")),
            ("balances", () => owner.GetAsync($"/api/accounts/{id}/balances")),
            ("transactions", () => owner.GetAsync($"/api/accounts/{id}/transactions")),
            ("turnovers", () => owner.GetAsync($"/api/accounts/{id}/turnovers")),
            ("events", () => owner.GetAsync($"/api/accounts/{id}/events")),
            ("freeze", () => admin.PostAsJsonAsync($"/api/accounts/{id}/freeze", new { reason = "x" })),
            ("unfreeze", () => admin.PostAsJsonAsync($"/api/accounts/{id}/unfreeze", new { reason = "x" })),
            ("admin get", () => admin.GetAsync($"/api/accounts/{id}")),
        };
        foreach (var (name, send) in attempts)
        {
            await ApiAssert.ProblemAsync(await send(), HttpStatusCode.NotFound, "ACCOUNT_NOT_FOUND", $"{name} {id}");
        }
        if (Guid.TryParse(id, out var uuid))
        {
            // Probing an id leaves nothing behind.
            Assert.Equal(0L, await fixture.Database.ScalarAsync<long>("SELECT COUNT(*) FROM stored_events WHERE aggregate_uuid = @a", ("@a", uuid.ToString())));
        }
    }

    [Fact]
    public async Task Invalid_list_parameters_answer_422_validation_failed()
    {
        var (owner, _) = await ApiSession.RegisterAsync(fixture);
        var account = await ApiSession.OpenAccountAsync(owner);
        foreach (var list in new[] { "/api/accounts?", $"/api/accounts/{account}/transactions?", $"/api/accounts/{account}/events?", "/api/auth/tokens?" })
        {
            foreach (var limit in new[] { "0", "101", "x", "-1", "1.5", "", "%20", "99999999999999999999", "1e1", "+5" })
            {
                await ApiAssert.ValidationAsync(await owner.GetAsync($"{list}limit={limit}"), "limit", $"{list} limit={limit}");
            }
            foreach (var cursor in new[] { "x", "%%%", "cDo=", "cDotMQ", "cDphYmM", "=", "AAAA", new string('A', 200) })
            {
                await ApiAssert.ValidationAsync(await owner.GetAsync($"{list}cursor={cursor}"), "cursor", $"{list} cursor={cursor}");
            }
            await ApiAssert.OkJsonAsync(await owner.GetAsync($"{list}limit=1"));
            await ApiAssert.OkJsonAsync(await owner.GetAsync($"{list}limit=100"));
        }
        await ApiAssert.ValidationAsync(await owner.GetAsync("/api/accounts?user_uuid=nope"), "user_uuid");
        await ApiAssert.ValidationAsync(await owner.GetAsync($"/api/accounts/{account}/transactions?type=refund"), "type");
        await ApiAssert.ValidationAsync(await owner.GetAsync($"/api/accounts/{account}/transactions?type="), "type");
        await ApiAssert.ValidationAsync(await owner.GetAsync($"/api/accounts/{account}/transactions?asset_code=NOPE"), "asset_code");
    }

    [Theory]
    [InlineData("from=2024-13-01")]
    [InlineData("from=yesterday")]
    [InlineData("to=2024-1-1")]
    [InlineData("to=2024-02-30")]
    [InlineData("from=2024-01-01T00:00:00Z")]
    [InlineData("from=")]
    [InlineData("to=%00")]
    [InlineData("from=2024-06-02&to=2024-06-01")]
    public async Task Bad_turnover_dates_answer_422_validation_failed(string query)
    {
        var (owner, _) = await ApiSession.RegisterAsync(fixture);
        var account = await ApiSession.OpenAccountAsync(owner);
        var body = await ApiAssert.ProblemAsync(await owner.GetAsync($"/api/accounts/{account}/turnovers?{query}"),
            HttpStatusCode.UnprocessableEntity, Validation, query);
        Assert.True(body.GetProperty("errors").EnumerateObject().Any(e => e.Name is "from" or "to"), body.ToString());
    }

    [Fact]
    public async Task Unknown_routes_and_methods_answer_problems()
    {
        var (owner, _) = await ApiSession.RegisterAsync(fixture);
        var anonymous = fixture.CreateApiClient();
        await ApiAssert.ProblemAsync(await owner.GetAsync("/api/nope"), HttpStatusCode.NotFound, "NOT_FOUND");
        await ApiAssert.ProblemAsync(await anonymous.GetAsync("/api/nope"), HttpStatusCode.NotFound, "NOT_FOUND");
        await ApiAssert.ProblemAsync(await owner.GetAsync("/nope"), HttpStatusCode.NotFound, "NOT_FOUND");
        await ApiAssert.ProblemAsync(await owner.PostAsJsonAsync($"/api/accounts/{Guid.NewGuid()}/teleport", new { }), HttpStatusCode.NotFound, "NOT_FOUND");
        await ApiAssert.ProblemAsync(await owner.PutAsJsonAsync("/api/accounts", new { }), HttpStatusCode.MethodNotAllowed, "METHOD_NOT_ALLOWED");
        await ApiAssert.ProblemAsync(await owner.DeleteAsync("/api/auth/login"), HttpStatusCode.MethodNotAllowed, "METHOD_NOT_ALLOWED");
        // Authentication comes before anything about the account.
        await ApiAssert.ProblemAsync(await anonymous.GetAsync($"/api/accounts/{Guid.NewGuid()}"), HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        await ApiAssert.ProblemAsync(await anonymous.PostAsync($"/api/accounts/{Guid.NewGuid()}/deposit", ApiSession.Json("{\"amount\":")),
            HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
    }

    [Fact]
    public async Task Hostile_strings_are_stored_and_read_back_or_refused_never_a_500()
    {
        var (owner, _) = await ApiSession.RegisterAsync(fixture);
        var account = await ApiSession.OpenAccountAsync(owner);
        var strings = new[] { "\\u0000", "\\ud800", "\\udfff\\ud800", "😀 emoji", "<script>alert(1)</script>", "'; DROP TABLE accounts; --", "\\u202e rtl", "\\\\" };
        foreach (var text in strings)
        {
            var created = await owner.PostAsync("/api/accounts", ApiSession.Json($"{{\"name\": \"{text}\"}}"));
            Assert.True(created.StatusCode is HttpStatusCode.Created or HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity,
                $"create {text}: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
            var deposit = await owner.PostAsync($"/api/accounts/{account}/deposit", ApiSession.Json($"{{\"amount\": \"1\", \"description\": \"{text}\"}}"));
            Assert.True(deposit.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity,
                $"deposit {text}: {(int)deposit.StatusCode} {await deposit.Content.ReadAsStringAsync()}");
        }
        foreach (var path in new[] { "/api/accounts", $"/api/accounts/{account}/transactions?limit=100", $"/api/accounts/{account}/events?limit=100" })
        {
            await ApiAssert.OkJsonAsync(await owner.GetAsync(path));
        }
        // Whatever was stored still verifies: the hash chain of the stream is intact.
        var store = fixture.Cluster.GetSiloServiceProvider().GetRequiredService<Grains.EventStore.HashChainVerifier>();
        Assert.True((await store.VerifyStreamAsync(account.ToString())).IsValid);
    }

    private static string Shorten(string body) => body.Length <= 80 ? body : body[..80] + $"...({body.Length} chars)";
}
