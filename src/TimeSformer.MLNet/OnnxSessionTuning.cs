using Microsoft.ML;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Runtime;
using Microsoft.ML.Transforms.Onnx;

namespace TimeSformer.MLNet;

/// <summary>
/// ONNX Runtime session settings for scoring on the CPU: all graph optimisations, a fixed number of intra-op threads,
/// sequential execution and no spinning (idle pool threads sleep instead of burning the cores that decoding and other
/// work need). ML.NET's <c>ApplyOnnxModel</c> (and so <c>ScoreVideos</c>) otherwise sets only the thread counts and
/// leaves ONNX Runtime's spinning thread pool on; <c>timesformer bench</c> measures the difference.
/// </summary>
/// <remarks>
/// <example><code>
/// var mlContext = new MLContext().UseTunedOnnxSessions();
/// var model = mlContext.Transforms.ScoreVideos("model.onnx").Fit(data);
/// </code></example>
/// Like every ONNX Runtime setting, this is not part of a saved model: call it on the context that loads one.
/// </remarks>
public static class OnnxSessionTuning
{
    /// <summary>The tuned session options with <paramref name="intraOpThreads"/> threads (0: one per logical core).</summary>
    public static SessionOptions CreateSessionOptions(int intraOpThreads = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(intraOpThreads);
        var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = intraOpThreads > 0 ? intraOpThreads : Environment.ProcessorCount,
            InterOpNumThreads = 1,
        };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        options.AddSessionConfigEntry("session.inter_op.allow_spinning", "0");
        return options;
    }

    /// <summary>Makes every ONNX transform created from <paramref name="mlContext"/> afterwards (including
    /// <c>ScoreVideos</c>) use <see cref="CreateSessionOptions"/>; scoring on a GPU is not affected by the thread
    /// settings. Returns the context.</summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="intraOpThreads">Intra-op threads; 0 (default) uses one per logical core. On machines with
    /// hyper-threading, the number of physical cores is usually faster.</param>
    public static MLContext UseTunedOnnxSessions(this MLContext mlContext, int intraOpThreads = 0)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentOutOfRangeException.ThrowIfNegative(intraOpThreads);
        var options = new OnnxSessionOptions { CreateSessionOptions = () => CreateSessionOptions(intraOpThreads) };
        var environment = (IHostEnvironment)mlContext;
        try
        {
            environment.SetOnnxSessionOption(options);
        }
        catch (ArgumentException) when (environment.GetOnnxSessionOption() == options)
        {
            // Some ML.NET versions store the option and then throw anyway.
        }
        return mlContext;
    }
}
