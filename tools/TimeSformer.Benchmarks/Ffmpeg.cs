using System.Diagnostics;

namespace TimeSformer.Benchmarks;

/// <summary>The optional <c>ffmpeg</c> command: makes H.264 test files and gives the practical decoding limit.</summary>
public static class Ffmpeg
{
    /// <summary>Full path of <c>ffmpeg</c> on the PATH, or null when it is not installed.</summary>
    public static string? Path { get; } = (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(dir => System.IO.Path.Combine(dir, "ffmpeg"))
        .FirstOrDefault(File.Exists);

    /// <summary>Runs ffmpeg with <paramref name="arguments"/> (errors only on the console); throws with its
    /// message when it fails.</summary>
    public static void Run(params string[] arguments)
    {
        var path = Path ?? throw new InvalidOperationException("ffmpeg is not installed.");
        var start = new ProcessStartInfo(path) { RedirectStandardError = true };
        foreach (var a in (string[])["-hide_banner", "-loglevel", "error", "-nostdin", .. arguments]) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        string errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"ffmpeg {string.Join(' ', arguments)} failed ({process.ExitCode}): {errors.Trim()}");
    }
}
