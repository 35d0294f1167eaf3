namespace TimeSformer.Cli.Tests.Fixtures;

/// <summary>Checks on a finished CLI run.</summary>
internal static class CliAssert
{
    public static void Succeeded(CliRunner.Result result) =>
        Assert.AreEqual(0, result.ExitCode, $"stdout:\n{result.StdOut}\nstderr:\n{result.StdErr}");

    /// <summary>Exit code 1 and exactly one stderr line, <c>error: ...</c>, containing each of <paramref name="parts"/>.</summary>
    public static void FailedWithOneLine(CliRunner.Result result, params string[] parts) => FailedWithOneLine(result, 1, parts);

    /// <summary>Exit code <paramref name="exitCode"/> and exactly one stderr line, <c>error: ...</c>, containing each of
    /// <paramref name="parts"/>, without a stack trace.</summary>
    public static void FailedWithOneLine(CliRunner.Result result, int exitCode, params string[] parts)
    {
        Assert.AreEqual(exitCode, result.ExitCode, $"stdout:\n{result.StdOut}\nstderr:\n{result.StdErr}");
        var lines = result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.AreEqual(1, lines.Length, result.StdErr);
        StringAssert.StartsWith(lines[0], "error: ");
        foreach (var part in parts)
            StringAssert.Contains(lines[0], part);
    }

    /// <summary>Exit code 2 and the parser's message naming <paramref name="part"/>.</summary>
    public static void UsageError(CliRunner.Result result, string part)
    {
        Assert.AreEqual(2, result.ExitCode, $"stdout:\n{result.StdOut}\nstderr:\n{result.StdErr}");
        StringAssert.Contains(result.StdErr, part);
        Assert.IsFalse(result.StdErr.Contains("   at "), "A usage error must not print a stack trace.");
    }

    /// <summary>No ANSI escape sequence: output redirected to a pipe stays plain.</summary>
    public static void Plain(string text) =>
        Assert.IsFalse(text.Contains('\u001b'), $"Redirected output holds ANSI escapes:\n{text}");
}
