using System.CommandLine;
using TimeSformer.Cli.Commands;

namespace TimeSformer.Cli.Hosting;

/// <summary>Builds the <c>timesformer</c> command tree and runs it with the documented exit codes: usage errors
/// exit 2 with the parser's message, failures exit 1 with one line (the stack trace only with <c>--verbose</c>).</summary>
internal static class CliApp
{
    /// <summary>Shown with every command; prints stack traces of failures.</summary>
    public static readonly Option<bool> Verbose = new("--verbose")
    {
        Description = "Print the full exception (with stack trace) when a command fails.",
        Recursive = true,
    };

    public static RootCommand CreateRootCommand()
    {
        var root = new RootCommand("TimeSformer.MLNet: video action recognition for .NET (train, export to ONNX, score with ML.NET).");
        root.Options.Add(Verbose);
        foreach (var command in VerbCatalog.Create())
            root.Subcommands.Add(command);
        return root;
    }

    public static int Run(string[] args)
    {
        var parse = CreateRootCommand().Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
                Console.Error.WriteLine($"error: {error.Message}");
            Console.Error.WriteLine("Run 'timesformer --help' for usage.");
            return ExitCodes.Usage;
        }
        if (!parse.GetValue(Verbose))
            NativeLogging.Quiet();
        try
        {
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Console.Error.WriteLine($"error: {FailureMessage.Of(e)}");
            if (parse.GetValue(Verbose))
                Console.Error.WriteLine(e);
            return ExitCodes.Failure;
        }
    }
}
