using System.Net;
using System.Net.Http.Json;
using FinAegis.Tests.Infrastructure;

namespace FinAegis.Tests.Operations;

/// <summary>/metrics on the API: Prometheus text with the HTTP and Orleans meters once traffic went through.</summary>
[Collection(ClusterCollection.Name)]
public sealed class MetricsTests(ClusterFixture fixture)
{
    [Fact]
    public async Task The_api_serves_http_and_orleans_metrics_in_prometheus_text()
    {
        var (client, _) = await ApiSession.RegisterAsync(fixture);
        var from = await ApiSession.OpenAccountAsync(client);
        var to = await ApiSession.OpenAccountAsync(client, "Savings");
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/accounts/{from}/deposit", new { amount = "10.00", asset_code = "USD" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/transfers",
            new { from_account_uuid = from, to_account_uuid = to, amount = "1.00", asset_code = "USD" })).StatusCode);

        var anonymous = fixture.CreateApiClient();
        await MetricsScrape.WaitForAsync(anonymous, "/metrics",
            "# TYPE http_server_request_duration_seconds histogram",
            "http_server_request_duration_seconds_bucket{",
            "http_route=\"/api/transfers/\"",
            "orleans_");
    }
}
