namespace TimeSformer.Benchmarks;

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
