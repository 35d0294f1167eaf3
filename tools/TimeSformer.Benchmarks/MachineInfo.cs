using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace TimeSformer.Benchmarks;

/// <summary>The machine a benchmark ran on: CPU model and cores from <c>/proc/cpuinfo</c>, memory, OS, runtime and
/// library versions, and the load average (other processes make numbers noisy).</summary>
public sealed record MachineInfo(
    string CpuModel, int PhysicalCores, int LogicalCores, double MemoryGib, string Os, string Runtime,
    string OnnxRuntime, string OpenCv, string? Ffmpeg, string LoadAverage)
{
    /// <summary>Describes this machine now.</summary>
    public static MachineInfo Describe() => new(
        ReadCpuModel(), CountPhysicalCores(), Environment.ProcessorCount, ReadMemoryGib(), RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription, OrtEnv.Instance().GetVersionString(),
        OpenCvSharp.Cv2.GetVersionString() ?? "unknown", FfmpegVersion(), LoadAverageNow());

    /// <summary>Physical cores: distinct (package, core) pairs in <c>/proc/cpuinfo</c>; the logical count elsewhere.</summary>
    public static int CountPhysicalCores()
    {
        var cores = new HashSet<string>();
        string package = "";
        foreach (var (key, value) in CpuInfo())
        {
            if (key == "physical id") package = value;
            else if (key == "core id") cores.Add(package + ":" + value);
        }
        return cores.Count > 0 ? cores.Count : Environment.ProcessorCount;
    }

    /// <summary>The 1, 5 and 15 minute load averages from <c>/proc/loadavg</c> ("unknown" elsewhere).</summary>
    public static string LoadAverageNow() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    /// <summary>The first line of <c>ffmpeg -version</c>, or null when ffmpeg is not on the PATH.</summary>
    public static string? FfmpegVersion()
    {
        if (Benchmarks.Ffmpeg.Path is not { } path) return null;
        using var process = Process.Start(new ProcessStartInfo(path, "-hide_banner -version") { RedirectStandardOutput = true })!;
        string first = process.StandardOutput.ReadLine() ?? "ffmpeg";
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        int copyright = first.IndexOf(" Copyright", StringComparison.Ordinal);
        return copyright > 0 ? first[..copyright] : first;
    }

    /// <summary>The description as a two-column Markdown table.</summary>
    public BenchTable ToTable()
    {
        var table = new BenchTable("Machine", "Property", "Value");
        table.AddRow("CPU", CpuModel);
        table.AddRow("Cores", $"{PhysicalCores} physical, {LogicalCores} logical");
        table.AddRow("Memory", BenchFormat.Number(MemoryGib, 1) + " GiB");
        table.AddRow("OS", Os);
        table.AddRow("Runtime", Runtime);
        table.AddRow("ONNX Runtime", OnnxRuntime);
        table.AddRow("TorchSharp / libtorch", $"{typeof(TorchSharp.torch).Assembly.GetName().Version} / {TorchSharp.torch.__version__}");
        table.AddRow("OpenCV", OpenCv);
        table.AddRow("ffmpeg", Ffmpeg ?? "not installed");
        table.AddRow("Load average at start", LoadAverage);
        return table;
    }

    // "model name" plus what a hypervisor's vague name hides: family/model, clock and the vector units GEMMs use.
    private static string ReadCpuModel()
    {
        var info = CpuInfo().GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.First().Value);
        if (!info.TryGetValue("model name", out var name)) return RuntimeInformation.ProcessArchitecture.ToString();
        var flags = info.GetValueOrDefault("flags", "").Split(' ');
        var details = new List<string>();
        if (info.TryGetValue("cpu family", out var family) && info.TryGetValue("model", out var model)) details.Add($"family {family}, model {model}");
        if (info.TryGetValue("cpu MHz", out var mhz)) details.Add($"{mhz.Split('.')[0]} MHz");
        details.AddRange(new[] { ("avx2", "AVX2"), ("avx512f", "AVX-512"), ("fma", "FMA") }.Where(f => flags.Contains(f.Item1)).Select(f => f.Item2));
        return details.Count > 0 ? $"{name} ({string.Join(", ", details)})" : name;
    }

    private static double ReadMemoryGib() =>
        ProcessMemory.SystemBytes("MemTotal") is var bytes and > 0 ? bytes / (1024.0 * 1024.0 * 1024.0) : double.NaN;

    private static IEnumerable<KeyValuePair<string, string>> CpuInfo()
    {
        if (!File.Exists("/proc/cpuinfo")) yield break;
        foreach (var line in File.ReadLines("/proc/cpuinfo"))
        {
            int colon = line.IndexOf(':');
            if (colon > 0) yield return new(line[..colon].Trim(), line[(colon + 1)..].Trim());
        }
    }
}
