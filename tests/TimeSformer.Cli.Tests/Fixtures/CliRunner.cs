using System.Diagnostics;

namespace TimeSformer.Cli.Tests.Fixtures;

/// <summary>Runs the built <c>timesformer</c> command as a separate process, as a user would.</summary>
internal static class CliRunner
{
    public sealed record Result(int ExitCode, string StdOut, string StdErr);

    /// <summary>The built command, <c>timesformer.dll</c>, beside the tests.</summary>
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "timesformer.dll");

    public static Result Run(params string[] args) => Run(TimeSpan.FromMinutes(5), args);

    public static Result Run(TimeSpan timeout, params string[] args) => Exec("dotnet", [Dll, .. args], timeout);

    /// <summary>Runs any program (e.g. a project script) with extra environment variables.</summary>
    public static Result Exec(string program, IEnumerable<string> args, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        string[] arguments = [.. args];
        using var process = StartProgram(program, arguments, environment);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} {string.Join(' ', arguments)} did not finish in {timeout}.");
        }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Starts the command with stdout and stderr redirected; the caller reads them (or they may fill up) and
    /// waits for or kills the process.</summary>
    public static Process Start(params string[] args) => StartProgram("dotnet", [Dll, .. args], null);

    private static Process StartProgram(string program, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        return Process.Start(start)!;
    }
}
