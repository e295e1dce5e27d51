using System.Diagnostics;
using System.Globalization;
using FinAegis.Grains.Integrity;

namespace FinAegis.Cli;

/// <summary>A one-line progress display on stderr, redrawn in place with '\r': counts, rate and differences so far.</summary>
internal sealed class ProgressLine(TextWriter writer, string verb, bool enabled) : IProgress<IntegrityProgress>
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _width;

    public void Report(IntegrityProgress value)
    {
        if (!enabled)
        {
            return;
        }
        var seconds = Math.Max(_clock.Elapsed.TotalSeconds, 0.001);
        var line = string.Format(CultureInfo.InvariantCulture, "{0}: {1:N0} events, {2:N0} streams, {3:N0} events/s, {4:N0} differences",
            verb, value.Events, value.Streams, value.Events / seconds, value.Differences);
        _width = Math.Max(_width, line.Length);
        writer.Write("\r" + line.PadRight(_width));
        writer.Flush();
    }

    public void Finish()
    {
        if (enabled && _width > 0)
        {
            writer.WriteLine();
        }
    }
}
