namespace TimeSformer.MLNet.Tests.Fixtures;

internal static class Errors
{
    /// <summary>Runs <paramref name="action"/>, expects it to throw, and returns the messages of the exception and its
    /// inner exceptions (ML.NET cursors may wrap what a mapping throws).</summary>
    public static string MessagesOf(Action action)
    {
        try
        {
            action();
        }
        catch (Exception e)
        {
            var messages = new List<string>();
            for (Exception? x = e; x is not null; x = x.InnerException) messages.Add($"{x.GetType().Name}: {x.Message}");
            return string.Join(" | ", messages);
        }
        Assert.Fail("Expected an exception.");
        return "";
    }
}
