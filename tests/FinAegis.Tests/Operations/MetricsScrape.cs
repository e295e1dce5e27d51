namespace FinAegis.Tests.Operations;

/// <summary>Scrapes a Prometheus endpoint until it shows every expected fragment (the exporter caches briefly).</summary>
public static class MetricsScrape
{
    public static async Task<string> WaitForAsync(HttpClient client, string path, params string[] fragments)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var response = await client.GetAsync(path);
            var text = await response.Content.ReadAsStringAsync();
            var missing = fragments.Where(fragment => !text.Contains(fragment, StringComparison.Ordinal)).ToList();
            if (response.IsSuccessStatusCode && missing.Count == 0)
            {
                Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType ?? "", StringComparison.Ordinal);
                return text;
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"{path} answered {(int)response.StatusCode} without {string.Join(", ", missing)}:\n{string.Join("\n", text.Split('\n').Where(line => line.StartsWith("http_server", StringComparison.Ordinal)).Take(40))}");
            }
            await Task.Delay(200);
        }
    }
}
