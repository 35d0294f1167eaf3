using TimeSformer.Contract;
using TimeSformer.Torch.Export;
using TimeSformer.Torch.Model;
using TorchSharp;

namespace TimeSformer.Benchmarks;

/// <summary>Models the benchmark measures: seeded random weights (speed does not depend on training), in evaluation
/// mode, exported with our ONNX exporter so that ONNX Runtime and TorchSharp run the same weights.</summary>
public static class BenchModels
{
    /// <summary>A TimeSformer of <paramref name="options"/> with seed-0 weights, in evaluation mode.</summary>
    public static TimeSformerModel Create(TimeSformerOptions options)
    {
        torch.manual_seed(0);
        var model = new TimeSformerModel(options);
        model.eval();
        return model;
    }

    /// <summary>Exports <paramref name="model"/> to <c>directory/name.onnx</c> (clip spec: its frames and side,
    /// labels <c>0..N-1</c>) and returns the path.</summary>
    public static string Export(TimeSformerModel model, string directory, string name)
    {
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, name + ".onnx");
        var o = model.Options;
        OnnxExporter.Export(model, new VideoModelMetadata
        {
            Clip = o.ToClipSpec(),
            Labels = VideoModelMetadata.NumberedLabels(o.NumClasses),
        }, path);
        return path;
    }

    /// <summary>Deterministic pseudo-random clip values in [-2, 2] (the normalised pixel range).</summary>
    public static void Fill(float[] values, int seed = 0)
    {
        var random = new Random(seed);
        for (int i = 0; i < values.Length; i++) values[i] = (float)(random.NextDouble() * 4 - 2);
    }
}
