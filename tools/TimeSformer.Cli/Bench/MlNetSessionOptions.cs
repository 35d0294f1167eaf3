using Microsoft.ML;
using Microsoft.ML.Runtime;
using Microsoft.ML.Transforms.Onnx;

namespace TimeSformer.Cli.Bench;

/// <summary>Gives every ONNX transform of an <see cref="MLContext"/> the <see cref="OrtTuning.Tuned"/> session
/// settings, through ML.NET's context-wide <see cref="OnnxSessionOptions"/> (whose factory may return any ONNX Runtime
/// <c>SessionOptions</c>, including the no-spinning entries <c>OnnxOptions</c> cannot express).</summary>
public static class MlNetSessionOptions
{
    /// <summary>Installs the tuned settings with <paramref name="threads"/> intra-op threads on <paramref name="ml"/>.</summary>
    public static void UseTuned(MLContext ml, int threads)
    {
        var options = new OnnxSessionOptions { CreateSessionOptions = () => OrtSessions.Create(OrtTuning.Tuned, threads) };
        try
        {
            ((IHostEnvironment)ml).SetOnnxSessionOption(options);
        }
        catch (ArgumentException) when (((IHostEnvironment)ml).GetOnnxSessionOption() == options)
        {
            // Some ML.NET versions store the option and then throw anyway.
        }
    }
}
