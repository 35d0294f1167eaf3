using Microsoft.ML.OnnxRuntime;

namespace TimeSformer.Cli.Bench;

/// <summary>ONNX Runtime session settings compared by the benchmark.</summary>
public enum OrtTuning
{
    /// <summary>What ML.NET's <c>ApplyOnnxModel</c> sets: intra-op threads only, everything else ONNX Runtime's
    /// default (spinning thread pool, parallel inter-op pool).</summary>
    Defaults,

    /// <summary>All graph optimisations, intra-op threads = physical cores, one inter-op thread, sequential execution,
    /// no spinning (idle pool threads sleep instead of burning the cores other work needs).</summary>
    Tuned,
}

/// <summary>Makes <see cref="SessionOptions"/> for an <see cref="OrtTuning"/>.</summary>
public static class OrtSessions
{
    /// <summary>Session options for <paramref name="tuning"/> with <paramref name="threads"/> intra-op threads.</summary>
    public static SessionOptions Create(OrtTuning tuning, int threads)
    {
        var options = new SessionOptions { IntraOpNumThreads = threads };
        if (tuning == OrtTuning.Tuned)
        {
            options.GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL;
            options.ExecutionMode = ExecutionMode.ORT_SEQUENTIAL;
            options.InterOpNumThreads = 1;
            options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
            options.AddSessionConfigEntry("session.inter_op.allow_spinning", "0");
        }
        return options;
    }
}
