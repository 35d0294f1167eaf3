using Google.Protobuf;
using Onnx;
using TimeSformer.Contract;

namespace TimeSformer.MLNet.Tests.Fixtures;

/// <summary>
/// A tiny ONNX stand-in for an exported video classifier, with our signature and metadata:
/// pixel_values [batch, T, 3, S, S] → mean over T, H, W → [batch, 3] → MatMul weights [3, C] → logits → Softmax →
/// probabilities. Its outputs are easy to compute by hand from a clip: softmax(channelMeans · weights).
/// </summary>
internal static class TinyVideoModel
{
    public static void Write(string path, VideoModelMetadata metadata, float[,] weights)
    {
        int classes = metadata.Labels.Count;
        var clip = metadata.Clip;
        var graph = new GraphProto { Name = "tiny_video_classifier" };
        graph.Input.Add(Tensor(OnnxSignature.InputName, Dim("batch"), Dim(clip.Frames), Dim(3), Dim(clip.Size), Dim(clip.Size)));
        graph.Output.Add(Tensor("logits", Dim("batch"), Dim(classes)));
        graph.Output.Add(Tensor(OnnxSignature.ProbabilitiesName, Dim("batch"), Dim(classes)));
        var w = new TensorProto { Name = "weights", DataType = (int)TensorProto.Types.DataType.Float, Dims = { 3, classes } };
        w.FloatData.Add(weights.Cast<float>());
        graph.Initializer.Add(w);
        graph.Node.Add(Node("ReduceMean", ["pixel_values"], "channel_means",
            new AttributeProto { Name = "axes", Type = AttributeProto.Types.AttributeType.Ints, Ints = { 1, 3, 4 } },
            new AttributeProto { Name = "keepdims", Type = AttributeProto.Types.AttributeType.Int, I = 0 }));
        graph.Node.Add(Node("MatMul", ["channel_means", "weights"], "logits"));
        graph.Node.Add(Node("Softmax", ["logits"], OnnxSignature.ProbabilitiesName,
            new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 1 }));
        var model = new ModelProto { IrVersion = 8, ProducerName = "tests", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        foreach (var (key, value) in metadata.ToMetadataProps())
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        File.WriteAllBytes(path, model.ToByteArray());
    }

    /// <summary>What the model computes for one clip [T, 3, S, S] of <paramref name="frames"/> frames.</summary>
    public static float[] Expected(float[] clip, int frames, float[,] weights)
    {
        int plane = clip.Length / (frames * 3);
        var means = new double[3];
        for (int t = 0; t < frames; t++)
            for (int c = 0; c < 3; c++)
                for (int i = 0; i < plane; i++)
                    means[c] += clip[((t * 3) + c) * plane + i];
        var logits = new double[weights.GetLength(1)];
        for (int k = 0; k < logits.Length; k++)
            for (int c = 0; c < 3; c++)
                logits[k] += means[c] / (frames * plane) * weights[c, k];
        double max = logits.Max(), sum = logits.Sum(l => Math.Exp(l - max));
        return [.. logits.Select(l => (float)(Math.Exp(l - max) / sum))];
    }

    private static NodeProto Node(string op, string[] inputs, string output, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = output, Input = { inputs }, Output = { output } };
        node.Attribute.Add(attributes);
        return node;
    }

    private static TensorShapeProto.Types.Dimension Dim(long value) => new() { DimValue = value };

    private static TensorShapeProto.Types.Dimension Dim(string param) => new() { DimParam = param };

    private static ValueInfoProto Tensor(string name, params TensorShapeProto.Types.Dimension[] dims) => new()
    {
        Name = name,
        Type = new TypeProto
        {
            TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = new TensorShapeProto { Dim = { dims } } },
        },
    };
}
