using System.Runtime.InteropServices;

namespace TimeSformer.Benchmarks;

/// <summary>
/// Peak resident memory of this process (Linux <c>VmHWM</c>), resettable so that one process can measure several
/// cases: writing 5 to <c>/proc/self/clear_refs</c> sets the peak back to the current RSS. Before a reset, managed
/// garbage is collected and glibc returns free heap pages, so that memory freed by the previous case is not reused
/// unseen by the next.
/// </summary>
public static class ProcessMemory
{
    /// <summary>True when the peak can be reset (Linux with a writable <c>clear_refs</c>).</summary>
    public static bool CanResetPeak { get; } = TryReset();

    /// <summary>Current resident memory in bytes (<c>VmRSS</c>), -1 when unknown.</summary>
    public static long CurrentBytes => Status("VmRSS:");

    /// <summary>Peak resident memory in bytes since the last <see cref="ResetPeak"/> (<c>VmHWM</c>), -1 when unknown.</summary>
    public static long PeakBytes => Status("VmHWM:");

    /// <summary>A <c>/proc/meminfo</c> entry in bytes, e.g. <c>MemTotal</c> or <c>MemAvailable</c>; -1 when unknown.</summary>
    public static long SystemBytes(string key)
    {
        if (!File.Exists("/proc/meminfo")) return -1;
        var line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith(key + ":", StringComparison.Ordinal));
        return line is null ? -1 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
    }

    /// <summary>Frees what can be freed and resets the peak; returns the resident memory it starts from.</summary>
    public static long ResetPeak()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        if (OperatingSystem.IsLinux()) malloc_trim(0);
        TryReset();
        return CurrentBytes;
    }

    private static bool TryReset()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static long Status(string key)
    {
        if (!File.Exists("/proc/self/status")) return -1;
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
        return line is null ? -1 : long.Parse(line[key.Length..].Trim().Split(' ')[0]) * 1024;
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int malloc_trim(nuint pad);
}
