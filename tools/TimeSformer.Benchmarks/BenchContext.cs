using TorchSharp;

namespace TimeSformer.Benchmarks;

/// <summary>What every section shares: options, thread count, the work folder, generated videos, the log, and the
/// GEMM peak measured once per run.</summary>
public sealed class BenchContext
{
    private double? gemmPeak;

    /// <summary>Creates the context; <paramref name="workDirectory"/> must exist.</summary>
    public BenchContext(BenchOptions options, int threads, string workDirectory, Action<string> log)
    {
        Options = options;
        Threads = threads;
        WorkDirectory = workDirectory;
        Log = log;
        Videos = new BenchVideos(Path.Combine(workDirectory, "videos"));
    }

    /// <summary>The run's options.</summary>
    public BenchOptions Options { get; }

    /// <summary>Threads for ONNX Runtime, TorchSharp and training.</summary>
    public int Threads { get; }

    /// <summary>Folder for generated files.</summary>
    public string WorkDirectory { get; }

    /// <summary>Progress lines.</summary>
    public Action<string> Log { get; }

    /// <summary>Generated test videos.</summary>
    public BenchVideos Videos { get; }

    /// <summary>Repeats per measurement.</summary>
    public int Repeats => Options.Repeats;

    /// <summary>FP32 GEMM rate in GFLOP/s (2 n^3 FLOPs for an n x n x n product): a TorchSharp 2048^3 matmul with
    /// <see cref="Threads"/> threads, median of 5, measured on first use.</summary>
    public double GemmPeakGflops => gemmPeak ??= MeasureGemm(2048);

    private double MeasureGemm(int n)
    {
        torch.set_num_threads(Threads);
        using var scope = torch.NewDisposeScope();
        var a = torch.randn(n, n);
        var b = torch.randn(n, n);
        var time = Measurement.Time(() =>
        {
            using var inner = torch.NewDisposeScope();
            torch.matmul(a, b);
        }, repeats: 5);
        double gflops = 2.0 * n * n * n / time.Median / 1e9;
        Log($"GEMM {n}^3: {BenchFormat.Milliseconds(time.Median)} ms, {gflops:0} GFLOP/s");
        return gflops;
    }
}
