using FinAegis.LoadTest;

namespace FinAegis.Tests.LoadTest;

public sealed class CpuUsageTests
{
    [Fact]
    public void Utime_and_stime_are_read_after_a_command_name_with_spaces_and_parentheses()
    {
        // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
        const string stat = "4242 (dotnet (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 130 0 0 20 0 30 0 12345";

        Assert.Equal(TimeSpan.FromSeconds(3.8), CpuUsage.ParseStat(stat));
    }

    [Fact]
    public void The_pid_list_parses_names_and_refuses_what_it_cannot_measure()
    {
        Assert.Equal(new Dictionary<string, int> { ["silo"] = 12, ["api"] = 34, ["db"] = 56 }, CpuUsage.ParsePids("silo=12, api=34,db=56"));
        foreach (var bad in new[] { "silo", "silo=", "=12", "silo=-1", "silo=x", "silo=1,silo=2", "loadtest=1", "total=1", "a=1=2" })
        {
            Assert.Throws<FormatException>(() => CpuUsage.ParsePids(bad));
        }
        Assert.Equal(new Dictionary<string, int> { ["db"] = 9 }, LoadTestOptions.Parse(["--cpu-pids", "db=9"]).CpuPids);
    }

    [Fact]
    public void A_live_process_is_measured_and_a_missing_one_is_left_out()
    {
        Assert.NotNull(CpuUsage.TryReadProc(Environment.ProcessId));
        Assert.Null(CpuUsage.TryReadProc(int.MaxValue));

        var usage = CpuUsage.Start(new Dictionary<string, int> { ["me"] = Environment.ProcessId, ["gone"] = int.MaxValue })!;
        var spin = DateTime.UtcNow.AddMilliseconds(50);
        while (DateTime.UtcNow < spin)
        {
            Thread.SpinWait(1000);
        }
        var perRequest = usage.MicrosecondsPerRequest(requests: 10);

        Assert.Equal(["loadtest", "me", "total"], perRequest.Keys.Order());
        Assert.True(perRequest["loadtest"] > 0);
        Assert.Equal(Math.Round(perRequest["loadtest"] + perRequest["me"], 1), perRequest["total"]);
        Assert.Null(CpuUsage.Start(new Dictionary<string, int>()));
    }
}
