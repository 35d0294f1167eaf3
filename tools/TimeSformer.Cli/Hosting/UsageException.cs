namespace TimeSformer.Cli.Hosting;

/// <summary>The command line asks for something the command must refuse before any work: values that conflict, an
/// output that would overwrite an input or a finished run, a file where a folder is needed. Exits with
/// <see cref="ExitCodes.Usage"/> and the message as one <c>error:</c> line, which says what to do instead.</summary>
internal sealed class UsageException(string message) : Exception(message)
{
    /// <summary>Runs a library's option check; the <see cref="ArgumentException"/> it throws for values taken from
    /// the command line becomes a usage error.</summary>
    public static void Check(Action validate)
    {
        try
        {
            validate();
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
    }
}
