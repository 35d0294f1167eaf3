using BenchmarkDotNet.Attributes;
using TorchSharp;
using static TorchSharp.torch;

namespace TimeSformer.Benchmarks.Micro;

/// <summary>
/// The attention formulation in TorchSharp at Base's shapes: the fused <c>scaled_dot_product_attention</c> our
/// model uses against the explicit softmax(q k^T / sqrt(d)) v the ONNX graph spells out, for the spatial step
/// (8 frames x 12 heads over 197 tokens) and the temporal step (196 positions x 12 heads over 8 frames).
/// </summary>
[MemoryDiagnoser]
public class AttentionBenchmarks
{
    private Tensor q = null!, k = null!, v = null!;

    /// <summary>Which attention of a divided block.</summary>
    [Params("spatial", "temporal")]
    public string Step { get; set; } = "spatial";

    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(MachineInfo.CountPhysicalCores());
        torch.manual_seed(0);
        long[] shape = Step == "spatial" ? [8, 12, 197, 64] : [196, 12, 8, 64];
        q = torch.randn(shape);
        k = torch.randn(shape);
        v = torch.randn(shape);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        q.Dispose();
        k.Dispose();
        v.Dispose();
    }

    [Benchmark(Baseline = true)]
    public void ScaledDotProductAttention()
    {
        using var scope = NewDisposeScope();
        nn.functional.scaled_dot_product_attention(q, k, v);
    }

    [Benchmark]
    public void ExplicitSoftmax()
    {
        using var scope = NewDisposeScope();
        var scores = torch.matmul(q, k.transpose(-2, -1)) * (1.0 / Math.Sqrt(q.shape[^1]));
        torch.matmul(scores.softmax(-1), v);
    }
}
