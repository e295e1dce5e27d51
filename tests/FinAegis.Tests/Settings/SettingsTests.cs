using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FinAegis.Tests.Infrastructure;

namespace FinAegis.Tests.Settings;

/// <summary>SPEC §10: typed values, encryption at rest, masking, and who may read and write.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SettingsTests(ClusterFixture fixture)
{
    [Theory]
    [InlineData("string", "\"FinAegis\"")]
    [InlineData("boolean", "true")]
    [InlineData("integer", "1500")]
    [InlineData("json", "{\"a\":[1,2]}")]
    [InlineData("array", "[\"x\",\"y\"]")]
    public async Task Typed_values_round_trip(string type, string valueJson)
    {
        var admin = await ApiSession.AdminAsync(fixture);
        var key = $"test.{type}.{Guid.NewGuid():N}";
        var put = await admin.PutAsync($"/api/settings/{key}", ApiSession.Json($$"""{"value": {{valueJson}}, "type": "{{type}}", "description": "d"}"""));
        var body = await ApiSession.ReadJsonAsync(put);
        Assert.True(put.StatusCode == HttpStatusCode.OK, body.ToString());
        var got = await ApiSession.ReadJsonAsync(await admin.GetAsync($"/api/settings/{key}"));
        Assert.Equal(JsonSerializer.Serialize(JsonDocument.Parse(valueJson).RootElement), got.GetProperty("data").GetProperty("value").GetRawText());
        Assert.Equal(type, got.GetProperty("data").GetProperty("type").GetString());
        Assert.Equal("d", got.GetProperty("data").GetProperty("description").GetString());
    }

    [Theory]
    [InlineData("string", "12")]
    [InlineData("boolean", "\"yes\"")]
    [InlineData("integer", "1.5")]
    [InlineData("integer", "\"12\"")]
    [InlineData("json", "\"text\"")]
    [InlineData("array", "{\"a\":1}")]
    [InlineData("color", "\"red\"")]
    [InlineData("string", "null")]
    public async Task Values_that_do_not_match_their_type_are_refused(string type, string valueJson)
    {
        var admin = await ApiSession.AdminAsync(fixture);
        var response = await admin.PutAsync($"/api/settings/test.bad.{Guid.NewGuid():N}", ApiSession.Json($$"""{"value": {{valueJson}}, "type": "{{type}}"}"""));
        var problem = await ApiSession.ReadJsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, problem.ToString());
        Assert.Equal("VALIDATION_FAILED", problem.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Encrypted_values_are_sealed_masked_in_lists_and_opened_only_for_administrators()
    {
        var admin = await ApiSession.AdminAsync(fixture);
        var key = $"test.secret.{Guid.NewGuid():N}";
        var plaintext = "sk_live_" + Guid.NewGuid().ToString("N");
        var put = await admin.PutAsJsonAsync($"/api/settings/{key}", new { value = plaintext, type = "string", is_encrypted = true });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        var stored = await fixture.Database.ScalarAsync<string>("SELECT value FROM settings WHERE `key` = @k", ("@k", key));
        Assert.StartsWith("v1:", stored);
        Assert.DoesNotContain(plaintext, stored);

        var adminView = await ApiSession.ReadJsonAsync(await admin.GetAsync($"/api/settings/{key}"));
        Assert.Equal(plaintext, adminView.GetProperty("data").GetProperty("value").GetString());
        Assert.True(adminView.GetProperty("data").GetProperty("is_encrypted").GetBoolean());

        var list = await ApiSession.ReadJsonAsync(await admin.GetAsync("/api/settings?limit=100"));
        var listed = list.GetProperty("data").EnumerateArray().Single(s => s.GetProperty("key").GetString() == key);
        Assert.Equal("********", listed.GetProperty("value").GetString());
        Assert.DoesNotContain(plaintext, list.ToString());

        var (user, _) = await ApiSession.RegisterAsync(fixture);
        var userView = await ApiSession.ReadJsonAsync(await user.GetAsync($"/api/settings/{key}"));
        Assert.Equal("********", userView.GetProperty("data").GetProperty("value").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await user.PutAsJsonAsync($"/api/settings/{key}", new { value = "x", type = "string" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await user.GetAsync("/api/settings/no.such.key")).StatusCode);
    }

    [Fact]
    public async Task The_low_balance_threshold_is_seeded_and_must_stay_an_integer()
    {
        var admin = await ApiSession.AdminAsync(fixture);
        var got = await ApiSession.ReadJsonAsync(await admin.GetAsync("/api/settings/webhooks.low_balance_threshold"));
        Assert.Equal("integer", got.GetProperty("data").GetProperty("type").GetString());
        var refused = await admin.PutAsJsonAsync("/api/settings/webhooks.low_balance_threshold", new { value = "lots", type = "string" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
    }
}
