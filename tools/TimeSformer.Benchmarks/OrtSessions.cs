using Microsoft.ML.OnnxRuntime;
using TimeSformer.MLNet;

namespace TimeSformer.Benchmarks;

/// <summary>Makes <see cref="SessionOptions"/> for an <see cref="OrtTuning"/>.</summary>
public static class OrtSessions
{
    /// <summary>Session options for <paramref name="tuning"/> with <paramref name="threads"/> intra-op threads.</summary>
    public static SessionOptions Create(OrtTuning tuning, int threads) => tuning == OrtTuning.Tuned
        ? OnnxSessionTuning.CreateSessionOptions(threads)
        : new SessionOptions { IntraOpNumThreads = threads };
}
