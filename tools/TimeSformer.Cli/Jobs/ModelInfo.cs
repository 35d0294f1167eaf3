using System.Text;
using System.Text.Json.Nodes;
using Onnx;
using TimeSformer.Cli.Arguments;
using TimeSformer.Contract;
using TimeSformer.Torch.Checkpoints;

namespace TimeSformer.Cli.Jobs;

/// <summary>What <c>info</c> reports about an exported ONNX model or one of our training checkpoints; the ONNX fields
/// (<see cref="Opset"/>, <see cref="IrVersion"/>, <see cref="Producer"/>) are null for a checkpoint.</summary>
internal sealed record ModelInfo(
    string Path, string Format, string Architecture, IReadOnlyList<string> Labels, ClipSpec Clip, JsonNode? Config,
    long Parameters, long? Opset, long? IrVersion, string? Producer, ModelQuantization? Quantization)
{
    /// <summary>Reads an ONNX model (without ONNX Runtime, so it also serves as a quick check before scoring) or, for a
    /// <c>.safetensors</c> file, one of our checkpoints; throws <see cref="InvalidDataException"/> or
    /// <see cref="CheckpointException"/> naming the file when it is neither or lacks our metadata.</summary>
    public static ModelInfo Read(string path)
    {
        InputFile.Require(path, "Model file");
        return path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase) ? ReadCheckpoint(path) : ReadOnnx(path);
    }

    private static ModelInfo ReadCheckpoint(string path)
    {
        if (!ModelCheckpoint.IsModelCheckpoint(path))
            throw new InvalidDataException($"'{path}' is not a TimeSformer.MLNet checkpoint (it has no labels or clip spec): "
                + "convert Hugging Face or official weights with 'timesformer import', which asks for their configuration.");
        using var checkpoint = ModelCheckpoint.Load(path);
        var metadata = checkpoint.Metadata;
        long parameters = checkpoint.StateDict.Values.Sum(t => t.numel());
        return new ModelInfo(path, "checkpoint", metadata.Architecture, metadata.Labels, metadata.Clip, ParseConfig(path, metadata),
            parameters, null, null, null, metadata.Quantization);
    }

    private static ModelInfo ReadOnnx(string path)
    {
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
        return new ModelInfo(path, "onnx", metadata.Architecture, metadata.Labels, metadata.Clip, ParseConfig(path, metadata),
            parameters, opset, proto.IrVersion, $"{proto.ProducerName} {proto.ProducerVersion}".Trim(), metadata.Quantization);
    }

    private static JsonNode? ParseConfig(string path, VideoModelMetadata metadata)
    {
        try
        {
            return JsonNode.Parse(metadata.ConfigJson);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new InvalidDataException($"'{path}': its metadata 'config' is not valid JSON: {e.Message}");
        }
    }

    public string ToText()
    {
        var text = new StringBuilder();
        text.AppendLine($"Model:        {Path}");
        text.AppendLine($"Architecture: {Architecture}");
        text.AppendLine($"Parameters:   {Parameters:N0}" + (Format == "checkpoint" ? " (its tensors; an export folds some together)" : ""));
        text.AppendLine(Format == "checkpoint"
            ? "Checkpoint:   safetensors (score it after 'timesformer export --checkpoint')"
            : $"ONNX:         IR {IrVersion}, opset {Opset}, producer {Producer}");
        text.AppendLine($"Precision:    {(Quantization is null ? "fp32" : Quantization.Describe())}");
        text.AppendLine($"Clip:         {Clip.Frames} frames x {Clip.Size}x{Clip.Size}, {(Clip.Fit == FrameFit.Stretch ? "whole frame stretched to" : "short side")} {Clip.ShortSide}, {Clip.Sampling}"
            + (Clip.Sampling == FrameSampling.FixedStride ? $" every {Clip.Stride}" : "")
            + $", mean [{string.Join(", ", Clip.Mean)}], std [{string.Join(", ", Clip.Std)}]");
        text.AppendLine($"Labels ({Labels.Count}): {string.Join(", ", Labels)}");
        text.Append($"Config:       {Config?.ToJsonString() ?? "{}"}");
        return text.ToString();
    }
}
