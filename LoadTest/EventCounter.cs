using System.Globalization;

namespace FinAegis.LoadTest;

/// <summary>Sums finaegis_eventstore_events_appended_total over the silos' Prometheus endpoints.</summary>
public static class EventCounter
{
    private const string Metric = "finaegis_eventstore_events_appended_total";

    public static async Task<double?> ReadAsync(IReadOnlyList<Uri> urls)
    {
        if (urls.Count == 0)
        {
            return null;
        }
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        double total = 0;
        foreach (var url in urls)
        {
            try
            {
                total += Sum(await http.GetStringAsync(url));
            }
            catch (HttpRequestException)
            {
                // A silo that is gone (the failover drill) counts nothing more.
            }
        }
        return total;
    }

    internal static double Sum(string prometheusText) => prometheusText.Split('\n')
        .Where(line => line.StartsWith(Metric, StringComparison.Ordinal) && (line.Length == Metric.Length || line[Metric.Length] is '{' or ' '))
        .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
}
