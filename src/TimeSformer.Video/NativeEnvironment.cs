using System.Runtime.InteropServices;

namespace TimeSformer.Video;

/// <summary>
/// Sets environment variables that native libraries read when they load or first run (OpenCV and FFmpeg log levels,
/// libtorch's OpenMP wait policy, oneDNN's instruction set). .NET keeps its own copy of the environment on Unix, which
/// native code never sees, so a variable is set in the C library's environment too. A value the user set is kept.
/// </summary>
public static class NativeEnvironment
{
    /// <summary>Sets <paramref name="name"/> to <paramref name="value"/> for .NET and native code, unless it already
    /// has a value. Returns whether this call set it (false when the user's value stays, or no C library answers).</summary>
    public static bool SetUnlessSet(string name, string value)
    {
        if (Environment.GetEnvironmentVariable(name) is { Length: > 0 }) return false;
        Environment.SetEnvironmentVariable(name, value);
        if (OperatingSystem.IsWindows()) return true;
        try
        {
            return setenv(name, value, 0) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int setenv(string name, string value, int overwrite);
}
