using FinAegis.LoadTest;

// The load tester: see LoadTestOptions.Usage. Exit code 0 when the run finished and verification passed.
try
{
    return args.FirstOrDefault() switch
    {
        "-h" or "--help" => Help(),
        "db-ceiling" => await DbCeiling.RunAsync(args[1..]),
        "activation-prepare" => await Activation.PrepareAsync(args[1..]),
        "activation-probe" => await Activation.ProbeAsync(args[1..]),
        "run" => await LoadRun.RunAsync(LoadTestOptions.Parse(args[1..])),
        _ => await LoadRun.RunAsync(LoadTestOptions.Parse(args)),
    };
}
catch (FormatException exception)
{
    Console.Error.WriteLine(exception.Message);
    Console.Error.WriteLine(LoadTestOptions.Usage);
    return 2;
}
catch (MySqlConnector.MySqlException exception)
{
    // db-ceiling talks to the database directly: a refused connection or login is a message, not a stack trace.
    Console.Error.WriteLine($"Database error: {exception.Message}");
    return 1;
}

static int Help()
{
    Console.WriteLine(LoadTestOptions.Usage);
    return 0;
}
