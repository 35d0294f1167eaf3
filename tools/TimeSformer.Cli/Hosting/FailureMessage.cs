namespace TimeSformer.Cli.Hosting;

/// <summary>Turns an exception into the one line a user sees: the innermost meaningful message, no type names
/// for the failures we raise on purpose.</summary>
internal static class FailureMessage
{
    public static string Of(Exception e)
    {
        while (e is AggregateException { InnerExceptions.Count: 1 } or System.Reflection.TargetInvocationException && e.InnerException is not null)
            e = e.InnerException!;
        // An ArgumentException's Message ends with " (Parameter 'name')", which names our code's parameter, not the user's input.
        string message = (e is ArgumentException { ParamName: { } parameter } argument
            ? argument.Message.Replace($" (Parameter '{parameter}')", "", StringComparison.Ordinal)
            : e.Message).ReplaceLineEndings(" ").Trim();
        return e switch
        {
            FileNotFoundException f when f.FileName is not null && !message.Contains(f.FileName) => $"{message} ({f.FileName})",
            _ => message,
        };
    }
}
