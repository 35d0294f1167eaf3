using System.Text;
using TimeSformer.Contract;

namespace TimeSformer.Benchmarks;

/// <summary>What <c>timesformer bench</c> measured: the machine, one table per section, and how long it took.</summary>
public sealed class BenchReport
{
    private readonly List<BenchTable> tables = [];

    /// <summary>Creates an empty report for <paramref name="machine"/>.</summary>
    public BenchReport(MachineInfo machine, bool quick, int threads)
    {
        Machine = machine;
        Quick = quick;
        Threads = threads;
    }

    /// <summary>The machine measured on.</summary>
    public MachineInfo Machine { get; }

    /// <summary>Whether the report is from <c>--quick</c>.</summary>
    public bool Quick { get; }

    /// <summary>Threads given to ONNX Runtime, TorchSharp and training.</summary>
    public int Threads { get; }

    /// <summary>The section tables, in order.</summary>
    public IReadOnlyList<BenchTable> Tables => tables;

    /// <summary>Wall time of the whole run.</summary>
    public TimeSpan Elapsed { get; set; }

    /// <summary>libtorch's OpenMP wait policy during the run.</summary>
    public string OpenMpWaitPolicy { get; set; } = "";

    /// <summary>Load average when the run ended.</summary>
    public string LoadAverageAtEnd { get; set; } = "";

    /// <summary>Adds a section table.</summary>
    public void Add(BenchTable table) => tables.Add(table);

    /// <summary>The whole report as Markdown.</summary>
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine(Quick ? "## Benchmark (quick mode)" : "## Benchmark").AppendLine();
        text.AppendLine($"Measured by `timesformer bench{(Quick ? " --quick" : "")}` in {Elapsed.TotalMinutes:0.0} min with {Threads} threads; "
            + "each time is the median of repeated runs and each ratio compares numbers taken in the same run. "
            + (OpenMpWaitPolicy.Length > 0 ? $"libtorch's OpenMP wait policy: {OpenMpWaitPolicy}. " : "")
            + $"Load average at the end: {LoadAverageAtEnd}.").AppendLine();
        text.AppendLine(Machine.ToTable().ToMarkdown());
        foreach (var table in tables) text.AppendLine(table.ToMarkdown());
        return text.ToString();
    }

    /// <summary>Writes <see cref="ToMarkdown"/> to <paramref name="path"/> (to a temporary file, then moved into place).</summary>
    public void Write(string path) => AtomicFile.WriteText(path, ToMarkdown());
}
