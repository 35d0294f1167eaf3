using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace TimeSformer.MLNet.Quantization;

/// <summary>Runs the fp32 model on calibration clips with chosen intermediate tensors exposed as extra outputs and
/// records the smallest and largest value of each (min-max calibration, per tensor).</summary>
internal static class ActivationCalibrator
{
    public static Dictionary<string, (float Min, float Max)> MinMax(ModelProto fp32, IReadOnlyCollection<string> names,
        IReadOnlyList<float[]> clips, int threads)
    {
        if (clips.Count == 0)
            throw new OnnxQuantizationException("Static activation quantization needs calibration clips; give some, or quantize activations dynamically.");
        var probe = fp32.Clone();
        var outputs = probe.Graph.Output.Select(o => o.Name).ToHashSet();
        foreach (string name in names.Where(n => !outputs.Contains(n)))
            probe.Graph.Output.Add(new ValueInfoProto
            {
                Name = name,
                Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } },
            });
        using var options = OnnxSessionTuning.CreateSessionOptions(threads);
        using var session = new InferenceSession(probe.ToByteArray(), options);
        var ranges = names.ToDictionary(n => n, _ => (Min: float.PositiveInfinity, Max: float.NegativeInfinity));
        string[] fetch = [.. names];
        foreach (var clip in clips)
        {
            using var outputsOfClip = ClipRunner.Run(session, clip, fetch);
            for (int i = 0; i < fetch.Length; i++)
            {
                var (min, max) = ranges[fetch[i]];
                foreach (float v in outputsOfClip[i].GetTensorDataAsSpan<float>())
                {
                    if (v < min) min = v;
                    if (v > max) max = v;
                }
                ranges[fetch[i]] = (min, max);
            }
        }
        return ranges;
    }
}
