using System.Net;
using System.Net.Http.Json;
using System.Text;
using FinAegis.Tests.Infrastructure;

namespace FinAegis.Tests.Webhooks;

/// <summary>A full dump of the database holds neither a webhook secret nor an encrypted setting's plaintext.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SecretsAtRestTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_full_database_dump_contains_no_secret_in_plaintext()
    {
        var admin = await ApiSession.AdminAsync(fixture);
        var created = await ApiSession.ReadJsonAsync(await admin.PostAsJsonAsync("/api/webhooks",
            new { name = "dump", url = "https://93.184.215.14/dump", events = new[] { "poll.created" }, is_active = false }));
        var id = created.GetProperty("data").GetProperty("id").GetInt64();
        var secret = created.GetProperty("data").GetProperty("secret").GetString()!;
        var rotated = await ApiSession.ReadJsonAsync(await admin.PostAsync($"/api/webhooks/{id}/rotate-secret", null));
        var rotatedSecret = rotated.GetProperty("data").GetProperty("secret").GetString()!;
        var plaintext = "db-password-" + Guid.NewGuid().ToString("N");
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/settings/test.dump.{Guid.NewGuid():N}",
            new { value = plaintext, type = "string", is_encrypted = true })).StatusCode);
        var jsonPlaintext = "json-secret-" + Guid.NewGuid().ToString("N");
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync($"/api/settings/test.dump.{Guid.NewGuid():N}",
            ApiSession.Json($$"""{"value": {"token": "{{jsonPlaintext}}"}, "type": "json", "is_encrypted": true}"""))).StatusCode);

        var dump = await DumpAsync();
        Assert.Contains("https://93.184.215.14/dump", dump); // and the dump has the webhook's row
        foreach (var needle in new[] { secret, rotatedSecret, secret["whsec_".Length..], rotatedSecret["whsec_".Length..], plaintext, jsonPlaintext })
        {
            Assert.DoesNotContain(needle, dump);
        }
        Assert.DoesNotContain("whsec_", dump);
    }

    /// <summary>SELECT * of every table of the fixture's database, every value as text.</summary>
    private async Task<string> DumpAsync()
    {
        var dump = new StringBuilder();
        // Raw text of every column: char(36) holds stream ids that are not GUIDs (exchange-rate pairs "FROM/TO").
        var raw = new MySqlConnector.MySqlConnectionStringBuilder(fixture.Database.ConnectionString) { GuidFormat = MySqlConnector.MySqlGuidFormat.None };
        await using var connection = new MySqlConnector.MySqlConnection(raw.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }
        Assert.Contains("webhooks", tables);
        foreach (var table in tables)
        {
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM `{table}`";
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    var value = reader.IsDBNull(i) ? null : reader.GetValue(i);
                    dump.Append(value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture))
                        .Append('\t');
                }
                dump.AppendLine();
            }
        }
        return dump.ToString();
    }
}
