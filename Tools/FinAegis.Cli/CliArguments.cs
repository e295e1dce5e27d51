namespace FinAegis.Cli;

/// <summary>A usage error: the message and the verb's help are printed, exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>
/// Hand-rolled parsing for four verbs: `--name value`, `--name=value`, boolean `--flag`, and positionals.
/// Unknown options are errors, so a typo never silently runs something else.
/// </summary>
internal sealed class CliArguments
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);

    private CliArguments()
    {
    }

    public List<string> Positionals { get; } = [];

    public bool Help { get; private set; }

    public static CliArguments Parse(IEnumerable<string> args, IReadOnlySet<string> valueOptions, IReadOnlySet<string> flags)
    {
        var parsed = new CliArguments();
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var arg = e.Current;
            if (arg is "-h" or "--help" or "help")
            {
                parsed.Help = true;
                continue;
            }
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                parsed.Positionals.Add(arg);
                continue;
            }
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals > 0 ? arg[2..equals] : arg[2..];
            if (flags.Contains(name))
            {
                if (equals > 0)
                {
                    throw new UsageException($"--{name} takes no value.");
                }
                parsed._options[name] = null;
            }
            else if (valueOptions.Contains(name))
            {
                if (equals > 0)
                {
                    parsed._options[name] = arg[(equals + 1)..];
                }
                else if (e.MoveNext())
                {
                    parsed._options[name] = e.Current;
                }
                else
                {
                    throw new UsageException($"--{name} needs a value.");
                }
            }
            else
            {
                throw new UsageException($"Unknown option {arg}.");
            }
        }
        return parsed;
    }

    public bool Has(string name) => _options.ContainsKey(name);

    public string? Value(string name) => _options.GetValueOrDefault(name);

    public int IntValue(string name, int fallback, int min, int max)
    {
        if (Value(name) is not { } text)
        {
            return fallback;
        }
        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
            && value >= min && value <= max
                ? value
                : throw new UsageException($"--{name} must be a whole number from {min} to {max}.");
    }
}
