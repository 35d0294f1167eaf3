namespace TimeSformer.Cli.Hosting;

/// <summary>Turns an exception into the one line a user sees: the innermost meaningful message, no type names
/// for the failures we raise on purpose.</summary>
internal static class FailureMessage
{
    public static string Of(Exception e)
    {
        while (e is AggregateException { InnerExceptions.Count: 1 } or System.Reflection.TargetInvocationException && e.InnerException is not null)
            e = e.InnerException!;
        string message = e.Message.ReplaceLineEndings(" ").Trim();
        return e switch
        {
            FileNotFoundException f when f.FileName is not null && !message.Contains(f.FileName) => $"{message} ({f.FileName})",
            _ => message,
        };
    }
}
