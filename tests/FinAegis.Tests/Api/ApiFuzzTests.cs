using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FinAegis.Tests.Governance;
using FinAegis.Tests.Infrastructure;

namespace FinAegis.Tests.Api;

/// <summary>
/// Fuzzes every route of the API's own OpenAPI document with requests built from its schemas and then broken: wrong
/// JSON types, huge, negative and over-precise numbers, odd strings (unpaired surrogates, 70 KB, SQL, control
/// characters), other users' ids and other kinds' ids (a poll's uuid as an account's), malformed JSON, wrong content
/// types, bad tokens and Idempotency-Keys. Fixed seeds, so a failure reproduces. Whatever the input: never a 5xx
/// (a 503 included: nothing here is unavailable), and every error is a problem with a stable `error` code. The
/// fuzzer this grew from found the cross-kind ids, the unstorable JSON and the duplicate properties.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ApiFuzzTests(ClusterFixture fixture)
{
    private const int RequestsPerSeed = 400;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task No_input_gets_a_server_error_or_a_problem_without_a_code(int seed)
    {
        var world = await World.CreateAsync(fixture);
        var random = new Random(seed);
        var failures = new List<string>();
        for (var i = 0; i < RequestsPerSeed; i++)
        {
            var (request, described) = world.NextRequest(random);
            using (request)
            {
                using var response = await world.Client.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                if (Judge(response, body) is { } failure)
                {
                    failures.Add($"{described} -> {(int)response.StatusCode}: {failure} {Shorten(body, 300)}");
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {RequestsPerSeed} requests (seed {seed}):\n" + string.Join("\n", failures.Take(10)));
        Assert.Equal(0L, await fixture.Database.ScalarAsync<long>("SELECT COUNT(*) FROM account_balances WHERE balance < 0"));
    }

    private static string? Judge(HttpResponseMessage response, string body)
    {
        var status = (int)response.StatusCode;
        if (status >= 500)
        {
            return "a server error";
        }
        if (status < 400)
        {
            return null;
        }
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"an error that is not a problem ({response.Content.Headers.ContentType?.MediaType ?? "no content type"})";
        }
        try
        {
            using var problem = JsonDocument.Parse(body);
            return problem.RootElement.TryGetProperty("error", out var code) && code.ValueKind == JsonValueKind.String
                ? null : "a problem without an error code";
        }
        catch (JsonException)
        {
            return "a problem that is not JSON";
        }
    }

    private static string Shorten(string text, int length) => text.Length <= length ? text : text[..length] + "...";

    /// <summary>The users, ids and route catalogue the requests are drawn from.</summary>
    private sealed class World
    {
        private static readonly string[] _oddStrings =
        [
            "", " ", "null", "-1", "0", "1e400", "NaN", "Infinity", "-0.00", "0.001", "12.345678901234567890", new string('9', 400),
            "99999999999999999999.99", "9007199254740993", "1,00", "\uFF11\uFF12", "\u0000", "\u0007tab\t", "\U0001F4B0", new string('x', 70_000),
            "<script>", "' OR 1=1 --", "usd", "ZZZ", "2026-13-45", "2026-01-01", "2026-01-01T00:00:00Z", "../..", "a/b",
        ];

        private static readonly string[] _goodStrings =
            ["1.00", "0.01", "5", "12.34", "USD", "EUR", "BTC", "GBP", "yes", "no", "single_choice", "one_user_one_vote", "manual", "string"];

        private static readonly string[] _oddJson =
        [
            "null", "true", "false", "0", "-1", "1.5", "1e308", "-1e308", "9223372036854775808", "1e400", "1" + new string('0', 40), "[]", "{}",
            "[1,2]", "{\"a\":1}", "[[[]]]", "\"\\ud800\"", "{\"a\":1,\"a\":2}", string.Concat(Enumerable.Repeat("[", 40)) + new string(']', 40),
        ];

        private static readonly string[] _malformed =
        [
            "{", "[", "{\"amount\":", "nul", "{amount: 1}", "{\"a\":1,}", "\"str\"", "123", "{}{}", "\u00ff\u00fe",
            string.Concat(Enumerable.Repeat("{\"a\":", 3000)) + "1" + new string('}', 3000),
        ];

        private static readonly string[] _queryValues =
            ["", "-1", "0", "1", "100", "1000000", "abc", "2026-01-01", "2026-02-30", "9999-12-31", "1e3", "%FF", new string('x', 2000), "true", "maybe", "USD", "active", "deposit"];

        private readonly JsonElement _schemas;
        private readonly List<(HttpMethod Method, string Path, JsonElement Operation)> _operations;
        private readonly Dictionary<string, string[]> _pathValues;
        private readonly string[] _tokens;
        private readonly string[] _ids;

        private World(HttpClient client, JsonElement document, string[] tokens, string[] ids, Dictionary<string, string[]> pathValues)
        {
            Client = client;
            _schemas = document.GetProperty("components").GetProperty("schemas");
            // Logging out would revoke the tokens the rest of the run needs; the dashboard is a separate UI.
            _operations = document.GetProperty("paths").EnumerateObject()
                .Where(path => !path.Name.StartsWith("/dashboard", StringComparison.Ordinal) && !path.Name.Contains("logout", StringComparison.Ordinal)
                    && path.Name != "/api/auth/tokens/{id}")
                .SelectMany(path => path.Value.EnumerateObject().Select(operation =>
                    (new HttpMethod(operation.Name.ToUpperInvariant()), path.Name, operation.Value.Clone())))
                .ToList();
            _tokens = tokens;
            _ids = ids;
            _pathValues = pathValues;
        }

        public HttpClient Client { get; }

        public static async Task<World> CreateAsync(ClusterFixture fixture)
        {
            var admin = await ApiSession.AdminAsync(fixture);
            var (user, _) = await ApiSession.RegisterAsync(fixture);
            var (other, _) = await ApiSession.RegisterAsync(fixture);
            var account = await ApiSession.OpenAccountAsync(user);
            var second = await ApiSession.OpenAccountAsync(user, "Second");
            var foreign = await ApiSession.OpenAccountAsync(other);
            await user.PostAsync($"/api/accounts/{account}/deposit", ApiSession.Json("{\"amount\":\"100.00\"}"));
            var poll = await PollApi.CreateAsync(admin, PollApi.Body());
            using var document = JsonDocument.Parse(await (await user.GetAsync("/openapi/v1.json")).Content.ReadAsStringAsync());

            string[] ids = [account.ToString(), second.ToString(), foreign.ToString(), poll.ToString(), Guid.NewGuid().ToString()];
            var pathValues = new Dictionary<string, string[]>
            {
                ["uuid"] = [.. ids, "not-a-uuid", new string('x', 3000), "%20", Guid.Empty.ToString(), account.ToString("N").ToUpperInvariant()],
                ["id"] = ["1", "0", "-1", "99999999999999999999", "abc", Guid.NewGuid().ToString()],
                ["deliveryId"] = ["1", "abc", "-5", Guid.NewGuid().ToString()],
                ["code"] = ["USD", "EUR", "usd", "ZZZ", new string('X', 500), "%2F", "BTC"],
                ["from"] = ["USD", "EUR", "BTC", "zzz", new string('X', 300)],
                ["to"] = ["EUR", "USD", "GBP", "---"],
                ["key"] = ["app.name", "missing.key", new string('k', 1000), "a%2Fb", "webhooks.max_per_user"],
            };
            string[] tokens = [Token(user), Token(user), Token(admin), Token(other), "", "garbage", "1|" + new string('a', 40)];
            return new World(fixture.CreateApiClient(), document.RootElement.Clone(), tokens, ids, pathValues);
        }

        public (HttpRequestMessage Request, string Described) NextRequest(Random random)
        {
            var (method, template, operation) = _operations[random.Next(_operations.Count)];
            var path = template;
            var query = new List<string>();
            if (operation.TryGetProperty("parameters", out var parameters))
            {
                foreach (var parameter in parameters.EnumerateArray())
                {
                    var name = parameter.GetProperty("name").GetString()!;
                    if (parameter.GetProperty("in").GetString() == "path")
                    {
                        path = path.Replace("{" + name + "}", Pick(random, _pathValues.GetValueOrDefault(name) ?? ["x"]), StringComparison.Ordinal);
                    }
                    else if (random.NextDouble() < 0.6)
                    {
                        query.Add($"{name}={Uri.EscapeDataString(Pick(random, _queryValues)).Replace("%25FF", "%FF", StringComparison.Ordinal)}");
                    }
                }
            }
            if (query.Count > 0)
            {
                path += "?" + string.Join("&", query);
            }

            var request = new HttpRequestMessage(method, path);
            if (Pick(random, _tokens) is { Length: > 0 } token)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }
            if (random.NextDouble() < 0.3)
            {
                request.Headers.TryAddWithoutValidation("Idempotency-Key", Pick(random, ["k1", "", " ", new string('x', 300), Guid.NewGuid().ToString()]));
            }
            string? body = null;
            if (operation.TryGetProperty("requestBody", out var requestBody))
            {
                var roll = random.NextDouble();
                body = roll < 0.08 ? Pick(random, _malformed) : roll < 0.12 ? "" : Generate(random, SchemaOf(requestBody), 0);
                var mediaType = roll is >= 0.12 and < 0.15 ? Pick(random, ["text/plain", "application/xml"]) : "application/json";
                request.Content = new StringContent(body, Encoding.UTF8);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
            }
            return (request, $"{method} {Shorten(path, 120)} {Shorten(body ?? "", 200)}");
        }

        private static JsonElement SchemaOf(JsonElement requestBody) =>
            requestBody.GetProperty("content").EnumerateObject().First().Value.GetProperty("schema");

        /// <summary>JSON text for <paramref name="schema"/>, one value in seven replaced by an odd one.</summary>
        private string Generate(Random random, JsonElement schema, int depth)
        {
            schema = Resolve(schema);
            if (random.NextDouble() < 0.15 || depth > 4)
            {
                return random.NextDouble() < 0.5 ? Pick(random, _oddJson) : JsonString(Pick(random, _oddStrings));
            }
            var type = TypeOf(schema);
            if (type == "object" || schema.TryGetProperty("properties", out _))
            {
                var members = new List<string>();
                if (schema.TryGetProperty("properties", out var properties))
                {
                    foreach (var property in properties.EnumerateObject().Where(_ => random.NextDouble() < 0.85))
                    {
                        members.Add($"{JsonString(property.Name)}:{Generate(random, property.Value, depth + 1)}");
                    }
                }
                return "{" + string.Join(",", members) + "}";
            }
            return type switch
            {
                "array" => "[" + string.Join(",", Enumerable.Range(0, Pick(random, [0, 1, 2, 3, 40]))
                    .Select(_ => schema.TryGetProperty("items", out var items) ? Generate(random, items, depth + 1) : "1")) + "]",
                "integer" => Pick(random, ["0", "1", "-1", "5", "100", "2147483648", "9007199254740992", "-9007199254740992", "1" + new string('0', 30)]),
                "number" => Pick(random, ["0", "0.5", "-1.25", "1e20", "3.14159"]),
                "boolean" => Pick(random, ["true", "false"]),
                "string" when schema.TryGetProperty("format", out var format) && format.GetString() == "uuid" => JsonString(Pick(random, [.. _ids, "nope"])),
                "string" when schema.TryGetProperty("format", out var format) && format.GetString() == "date-time" =>
                    JsonString(Pick(random, ["2030-01-01T00:00:00Z", "2031-01-01T00:00:00+02:00", "yesterday", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z"])),
                "string" => JsonString(random.NextDouble() < 0.5 ? Pick(random, _goodStrings) : Pick(random, [.. _oddStrings, .. _ids])),
                _ => Pick(random, _oddJson),
            };
        }

        private JsonElement Resolve(JsonElement schema)
        {
            while (true)
            {
                if (schema.TryGetProperty("$ref", out var reference))
                {
                    schema = _schemas.GetProperty(reference.GetString()!.Split('/')[^1]);
                }
                else if (schema.TryGetProperty("oneOf", out var options))
                {
                    var choices = options.EnumerateArray().Where(option => TypeOf(option) != "null").ToList();
                    schema = choices.Count > 0 ? choices[0] : options[0];
                }
                else
                {
                    return schema;
                }
            }
        }

        private static string? TypeOf(JsonElement schema) => schema.TryGetProperty("type", out var type)
            ? type.ValueKind == JsonValueKind.Array
                ? type.EnumerateArray().Select(t => t.GetString()).FirstOrDefault(t => t != "null") ?? "null"
                : type.GetString()
            : null;

        private static string JsonString(string value) => JsonSerializer.Serialize(value);

        private static T Pick<T>(Random random, IReadOnlyList<T> values) => values[random.Next(values.Count)];

        private static string Token(HttpClient client) => client.DefaultRequestHeaders.Authorization!.Parameter!;
    }
}
