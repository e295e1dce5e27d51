namespace FinAegis.Tests.Integrity;

public sealed class CliUsageTests
{
    [Theory]
    [InlineData("verify")]
    [InlineData("rebuild-projections")]
    [InlineData("backup")]
    [InlineData("restore")]
    public async Task Each_verb_has_help(string verb)
    {
        var run = await Cli.RunAsync(verb, "--help");
        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith($"finaegis {verb}", run.Out);
        Assert.Contains("--connection", run.Out);
    }

    [Fact]
    public async Task General_help_lists_the_verbs_and_bad_usage_exits_2()
    {
        var help = await Cli.RunAsync("--help");
        Assert.Equal(0, help.ExitCode);
        foreach (var verb in new[] { "verify", "rebuild-projections", "backup FILE", "restore FILE" })
        {
            Assert.Contains(verb, help.Out);
        }
        Assert.Equal(2, (await Cli.RunAsync()).ExitCode);
        Assert.Equal(2, (await Cli.RunAsync("vrfy")).ExitCode);
        Assert.Equal(2, (await Cli.RunAsync("verify", "--conection", "x")).ExitCode);
        var noDatabase = await Cli.RunAsync("verify");
        Assert.Equal(2, noDatabase.ExitCode);
        Assert.Contains("FINAEGIS_MYSQL", noDatabase.Error);
        Assert.Equal(2, (await Cli.RunAsync("backup", "--connection", "Server=x;Database=y")).ExitCode);
    }
}
