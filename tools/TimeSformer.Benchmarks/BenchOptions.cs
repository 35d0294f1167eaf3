namespace TimeSformer.Benchmarks;

/// <summary>What <see cref="BenchmarkSuite.Run"/> measures and where it writes.</summary>
public sealed record BenchOptions
{
    /// <summary>Name of the Markdown report written into <see cref="OutputDirectory"/>.</summary>
    public const string ReportFileName = "benchmarks.md";

    /// <summary>Shrink every section (small preset instead of Base, fewer repeats, shorter videos) to finish in
    /// under 3 minutes on 2 cores.</summary>
    public bool Quick { get; init; }

    /// <summary>Folder the report goes to.</summary>
    public string OutputDirectory { get; init; } = "bench-results";

    /// <summary>Folder for generated videos and exported models; a temporary folder (deleted at the end) when null.</summary>
    public string? WorkDirectory { get; init; }

    /// <summary>Threads for ONNX Runtime (intra-op), TorchSharp and training; 0 = the machine's physical cores.</summary>
    public int Threads { get; init; }

    /// <summary>The sections to run (all by default).</summary>
    public IReadOnlyList<BenchSection> Sections { get; init; } = Enum.GetValues<BenchSection>();

    /// <summary>libtorch's OpenMP wait policy in force (<c>OMP_WAIT_POLICY</c>), reported with the machine.</summary>
    public string OpenMpWaitPolicy { get; init; } = Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") ?? "default (spinning)";

    /// <summary>Repeats per timed measurement (the median is reported).</summary>
    public int Repeats => Quick ? 2 : 3;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (Threads < 0) throw new ArgumentException($"BenchOptions.Threads must not be negative, was {Threads}.");
        if (Sections.Count == 0) throw new ArgumentException("BenchOptions.Sections needs at least one section.");
        if (string.IsNullOrWhiteSpace(OutputDirectory)) throw new ArgumentException("BenchOptions.OutputDirectory is empty.");
    }
}
