using System.CommandLine;
using TimeSformer.Cli.Commands;

namespace TimeSformer.Cli.Hosting;

/// <summary>Builds the <c>timesformer</c> command tree and runs it with the documented exit codes: usage errors
/// (the parser's, or a <see cref="UsageException"/> raised before work) exit 2, failures exit 1, each with one
/// <c>error:</c> line (the stack trace only with <c>--verbose</c>).</summary>
internal static class CliApp
{
    /// <summary>Shown with every command; prints stack traces of failures.</summary>
    public static readonly Option<bool> Verbose = new("--verbose")
    {
        Description = "Print the full exception (with stack trace) when a command fails, and let native libraries (OpenCV, FFmpeg, ONNX Runtime) log.",
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
            return Usage(string.Join(" ", parse.Errors.Select(e => e.Message).Distinct()), parse);
        bool verbose = parse.GetValue(Verbose);
        // Before any native library loads: FFmpeg and OpenCV read their log levels once.
        if (!verbose)
        {
            NativeLogging.QuietBeforeLoad();
            NativeLogging.Quiet();
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (UsageException e)
        {
            return Usage(e.Message, parse);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Console.Error.WriteLine($"error: {FailureMessage.Of(e)}");
            if (verbose)
                Console.Error.WriteLine(e);
            return ExitCodes.Failure;
        }
    }

    // The parser names .NET types; a user knows numbers.
    private static readonly (string Type, string Words)[] TypeWords =
    [
        ("System.Int32", "as a whole number (up to 2147483647)"),
        ("System.Double", "as a number"),
        ("System.Nullable`1[System.Int32]", "as a whole number (up to 2147483647)"),
    ];

    // One line: what is wrong, then where the usage is.
    private static int Usage(string message, ParseResult parse)
    {
        string verb = parse.CommandResult.Command is RootCommand ? "" : parse.CommandResult.Command.Name + " ";
        foreach (var (type, words) in TypeWords)
            message = message.Replace($"as expected type '{type}'", words, StringComparison.Ordinal);
        Console.Error.WriteLine($"error: {message.ReplaceLineEndings(" ").Trim()} (see 'timesformer {verb}--help')");
        return ExitCodes.Usage;
    }
}
