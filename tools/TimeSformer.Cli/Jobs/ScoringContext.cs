using Microsoft.ML;
using TimeSformer.MLNet;

namespace TimeSformer.Cli.Jobs;

/// <summary>The <see cref="MLContext"/> that <c>evaluate</c>, <c>predict</c> and <c>demo</c> score with.</summary>
internal static class ScoringContext
{
    /// <summary>A seeded context; on the CPU its ONNX sessions are tuned (no spinning thread pool, which otherwise
    /// competes with decoding: Base 16.0 -> 4.25 s a clip beside another process, the demo's 3,072 small clips
    /// 13.3 -> 9.5 s on idle cores; docs/benchmarks.md). GPU sessions keep ML.NET's own settings.</summary>
    public static MLContext Create(VideoScoringOptions scoring)
    {
        var mlContext = new MLContext(seed: 0);
        return scoring.GpuDeviceId is null ? mlContext.UseTunedOnnxSessions(scoring.IntraOpThreads ?? 0) : mlContext;
    }
}
