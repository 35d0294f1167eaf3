using Microsoft.ML.OnnxRuntime;

namespace TimeSformer.MLNet.Quantization;

/// <summary>Runs one clip (batch 1) through a session whose single input is [batch, T, 3, S, S].</summary>
internal static class ClipRunner
{
    public static IDisposableReadOnlyCollection<OrtValue> Run(InferenceSession session, float[] clip, IReadOnlyList<string> outputs)
    {
        var (name, meta) = session.InputMetadata.Single();
        long[] shape = [1, .. meta.Dimensions.Skip(1).Select(d => (long)d)];
        long expected = shape.Aggregate(1L, (a, d) => a * d);
        if (clip.Length != expected)
            throw new ArgumentException($"A clip holds {clip.Length} values; the model's input [{string.Join(", ", shape)}] needs {expected}.");
        using var value = OrtValue.CreateTensorValueFromMemory(clip, shape);
        using var runOptions = new RunOptions();
        return session.Run(runOptions, [name], [value], outputs);
    }
}
