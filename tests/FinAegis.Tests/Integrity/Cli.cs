using FinAegis.Cli;

namespace FinAegis.Tests.Integrity;

/// <summary>Runs the finaegis CLI in-process, as an operator would, and captures what it prints.</summary>
internal static class Cli
{
    public sealed record Run(int ExitCode, string Out, string Error)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
    }

    public static async Task<Run> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        // No environment: every test names its database with --connection.
        var code = await CliApp.RunAsync(args, stdout, stderr, _ => null);
        return new Run(code, stdout.ToString(), stderr.ToString());
    }
}
