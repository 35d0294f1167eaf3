using System.Text;
using System.Text.Json.Nodes;
using Onnx;
using TimeSformer.Cli.Arguments;
using TimeSformer.Contract;

namespace TimeSformer.Cli.Jobs;

/// <summary>What <c>info</c> reports about an ONNX model.</summary>
internal sealed record ModelInfo(
    string Path, string Architecture, IReadOnlyList<string> Labels, ClipSpec Clip, JsonNode? Config,
    long Parameters, long Opset, long IrVersion, string Producer, ModelQuantization? Quantization)
{
    /// <summary>Reads the model file (without ONNX Runtime, so it also serves as a quick check before scoring); throws <see cref="InvalidDataException"/> naming the file when it is not an
    /// ONNX model or lacks our metadata.</summary>
    public static ModelInfo Read(string path)
    {
        InputFile.Require(path, "Model file");
        ModelProto proto;
        try
        {
            using var stream = File.OpenRead(path);
            proto = ModelProto.Parser.ParseFrom(stream);
        }
        catch (Google.Protobuf.InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"'{path}' is not an ONNX model: {e.Message}");
        }
        var props = proto.MetadataProps.ToDictionary(p => p.Key, p => p.Value);
        VideoModelMetadata metadata;
        try
        {
            metadata = VideoModelMetadata.FromMetadataProps(props);
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"'{path}': {e.Message}");
        }
        // Weights are float32, or int8 in a quantized model (whose per-channel scales are not counted).
        long parameters = proto.Graph.Initializer
            .Where(t => t.DataType is (int)TensorProto.Types.DataType.Float or (int)TensorProto.Types.DataType.Int8
                && !t.Name.EndsWith("_scale", StringComparison.Ordinal))
            .Sum(t => t.Dims.Aggregate(1L, (a, d) => a * d));
        long opset = proto.OpsetImport.Where(o => string.IsNullOrEmpty(o.Domain)).Select(o => o.Version).DefaultIfEmpty().Max();
        JsonNode? config;
        try
        {
            config = JsonNode.Parse(metadata.ConfigJson);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new InvalidDataException($"'{path}': its metadata 'config' is not valid JSON: {e.Message}");
        }
        return new ModelInfo(path, metadata.Architecture, metadata.Labels, metadata.Clip, config,
            parameters, opset, proto.IrVersion, $"{proto.ProducerName} {proto.ProducerVersion}".Trim(), metadata.Quantization);
    }

    public string ToText()
    {
        var text = new StringBuilder();
        text.AppendLine($"Model:        {Path}");
        text.AppendLine($"Architecture: {Architecture}");
        text.AppendLine($"Parameters:   {Parameters:N0}");
        text.AppendLine($"ONNX:         IR {IrVersion}, opset {Opset}, producer {Producer}");
        text.AppendLine($"Precision:    {(Quantization is null ? "fp32" : Quantization.Describe())}");
        text.AppendLine($"Clip:         {Clip.Frames} frames x {Clip.Size}x{Clip.Size}, {(Clip.Fit == FrameFit.Stretch ? "whole frame stretched to" : "short side")} {Clip.ShortSide}, {Clip.Sampling}"
            + (Clip.Sampling == FrameSampling.FixedStride ? $" every {Clip.Stride}" : "")
            + $", mean [{string.Join(", ", Clip.Mean)}], std [{string.Join(", ", Clip.Std)}]");
        text.AppendLine($"Labels ({Labels.Count}): {string.Join(", ", Labels)}");
        text.Append($"Config:       {Config?.ToJsonString() ?? "{}"}");
        return text.ToString();
    }
}
