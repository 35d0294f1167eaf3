using Microsoft.ML;
using TimeSformer.MLNet;

namespace TimeSformer.Cli.Hosting;

/// <summary>The <see cref="MLContext"/> that <c>evaluate</c>, <c>predict</c> and <c>demo</c> score with.</summary>
internal static class ScoringContext
{
    /// <summary>A seeded context; on the CPU its ONNX sessions are tuned (no spinning thread pool: four times faster
    /// than ML.NET's default sessions for Base when another process shares the cores, equal on idle cores; see
    /// docs/benchmarks.md). GPU sessions keep ML.NET's own settings.</summary>
    public static MLContext Create(VideoScoringOptions scoring)
    {
        var mlContext = new MLContext(seed: 0);
        return scoring.GpuDeviceId is null ? mlContext.UseTunedOnnxSessions(scoring.IntraOpThreads ?? 0) : mlContext;
    }
}
