using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;
using TimeSformer.Torch.Model;
using static TorchSharp.torch;

namespace TimeSformer.Torch.Checkpoints;

/// <summary>
/// Reads the ImageNet-pretrained ResNet18 that the NuGet package <c>Microsoft.ML.DnnImageFeaturizer.ResNet18</c> ships
/// as ONNX (CNTK, opset 8: 22 convolutions, each followed by an unfolded BatchNormalization; see <see cref="ResNet18Layout"/>) into a
/// <see cref="FrozenResNet18"/>: each BatchNorm folded into its convolution, and the package's preprocessing (RGB to
/// BGR, 0-255, minus the 224x224 mean image of <c>ResNetPreprocess.onnx</c>) folded into the input scale and offset,
/// the stem's channel order and, for another backbone side, a bilinearly resized mean image. Applications get the
/// files beside their assemblies (<c>build/ResNet18Weights.targets</c>).
/// </summary>
public static class ResNet18OnnxImport
{
    /// <summary>Where the package's targets put the network, relative to the application folder.</summary>
    public const string RelativePath = "DnnImageModels/ResNet18Onnx/ResNet18.onnx";

    /// <summary>The preprocessing model with the mean image, relative to the network's folder.</summary>
    public const string PreprocessRelativePath = "../ResNetPrepOnnx/ResNetPreprocess.onnx";

    /// <summary>The side the network was trained at and its mean image has.</summary>
    public const int TrainedSize = 224;

    /// <summary>The network beside this application: <see cref="RelativePath"/> under <see cref="AppContext.BaseDirectory"/>.</summary>
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, RelativePath);

    /// <summary>A <see cref="ResNet18Gru"/> with the pretrained backbone (GRU and head freshly initialised).</summary>
    /// <param name="options">The model configuration.</param>
    /// <param name="onnxPath">The package's <c>ResNet18.onnx</c>; <see cref="DefaultPath"/> when null.</param>
    /// <exception cref="CheckpointException">A file is missing or is not the package's ResNet18.</exception>
    public static ResNet18Gru CreateModel(ResNet18GruOptions options, string? onnxPath = null) =>
        WithPretrainedBackbone(new ResNet18Gru(options), m => m.Backbone, options.ClipMean, options.ClipStd, onnxPath);

    /// <summary>A <see cref="ResNet18TimeSformer"/> with the pretrained (truncated) backbone; the projection and the
    /// transformer freshly initialised.</summary>
    /// <param name="options">The model configuration.</param>
    /// <param name="onnxPath">The package's <c>ResNet18.onnx</c>; <see cref="DefaultPath"/> when null.</param>
    /// <exception cref="CheckpointException">A file is missing or is not the package's ResNet18.</exception>
    public static ResNet18TimeSformer CreateModel(ResNet18TimeSformerOptions options, string? onnxPath = null) =>
        WithPretrainedBackbone(new ResNet18TimeSformer(options), m => m.Backbone, options.ClipMean, options.ClipStd, onnxPath);

    private static T WithPretrainedBackbone<T>(T model, Func<T, FrozenResNet18> backbone, IReadOnlyList<float> clipMean,
        IReadOnlyList<float> clipStd, string? onnxPath) where T : nn.Module
    {
        try
        {
            LoadInto(backbone(model), clipMean, clipStd, onnxPath ?? DefaultPath);
        }
        catch
        {
            model.Dispose();
            throw;
        }
        return model;
    }

    /// <summary>Fills <paramref name="backbone"/> (its side and stages) from the file, for clips normalised with
    /// <paramref name="clipMean"/> and <paramref name="clipStd"/>; a truncated backbone takes the blocks it holds.</summary>
    /// <exception cref="CheckpointException">A file is missing or is not the package's ResNet18.</exception>
    public static void LoadInto(FrozenResNet18 backbone, IReadOnlyList<float> clipMean, IReadOnlyList<float> clipStd, string onnxPath)
    {
        using var scope = NewDisposeScope();
        var held = backbone.state_dict().Keys.ToHashSet();
        var state = ReadStateDict(backbone.BackboneSize, clipMean, clipStd, onnxPath).Where(kv => held.Contains(kv.Key)).ToDictionary();
        StateDictLoader.Load(backbone, state, onnxPath);
    }

    /// <summary>The whole <see cref="FrozenResNet18"/> state dict the file holds for a backbone side and the clips' mean
    /// and std: folded convolutions by <see cref="ResNet18Layout"/> name, <c>input_scale</c> and
    /// <c>input_offset</c>.</summary>
    /// <exception cref="CheckpointException">A file is missing or is not the package's ResNet18.</exception>
    public static Dictionary<string, Tensor> ReadStateDict(int backboneSize, IReadOnlyList<float> clipMean, IReadOnlyList<float> clipStd, string onnxPath)
    {
        var graph = Read(onnxPath).Graph;
        var initializers = graph.Initializer.ToDictionary(i => i.Name);
        var convs = FoldedConvolutions(graph, initializers, onnxPath);
        var state = new Dictionary<string, Tensor>();
        // Stem first; then, per stage (told apart by output channels), the 1x1 shortcut and the 3x3 convolutions in
        // graph order, which is the order of ResNet18Layout.Blocks.
        var expected = ResNet18Layout.Convolutions.ToList();
        var byWidth = convs.Skip(1).GroupBy(c => c.Spec.Out).ToDictionary(g => g.Key, g => new Queue<Folded>(g.Where(c => c.Spec.Kernel == 3)));
        var shortcuts = convs.Where(c => c.Spec.Kernel == 1).ToDictionary(c => c.Spec.Out);
        if (convs.Count != expected.Count || convs[0].Spec.Kernel != 7)
            throw NotResNet18(onnxPath, $"it has {convs.Count} convolutions (the package's has {expected.Count}, the first 7x7)");
        foreach (var spec in expected)
        {
            Folded conv = spec == ResNet18Layout.Stem ? convs[0]
                : spec.Kernel == 1 ? shortcuts.GetValueOrDefault(spec.Out) ?? throw NotResNet18(onnxPath, $"no 1x1 shortcut to {spec.Out} channels")
                : byWidth.TryGetValue(spec.Out, out var queue) && queue.Count > 0 ? queue.Dequeue()
                : throw NotResNet18(onnxPath, $"too few 3x3 convolutions to {spec.Out} channels");
            if (conv.Spec with { Name = spec.Name } != spec)
                throw NotResNet18(onnxPath, $"its convolution for {spec.Name} is {conv.Spec with { Name = spec.Name }}, not {spec}");
            state[spec.Name + ".weight"] = conv.Weight;
            state[spec.Name + ".bias"] = conv.Bias;
        }

        // Our clip x (RGB, (v/255 - mean)/std) becomes v_bgr - meanImage: v = x * 255 std + 255 mean per RGB channel; the
        // stem's input channels are reversed so that it reads RGB where it was trained on BGR.
        state["conv1.weight"] = state["conv1.weight"].flip(1);
        var meanImageRgb = MeanImage(onnxPath).flip(1);
        if (backboneSize != TrainedSize)
            meanImageRgb = nn.functional.interpolate(meanImageRgb, [backboneSize, backboneSize],
                mode: InterpolationMode.Bilinear, align_corners: false);
        state["input_scale"] = tensor(clipStd.Select(s => s * 255f).ToArray(), [1, 3, 1, 1]);
        float[] image = meanImageRgb.contiguous().data<float>().ToArray();
        int plane = backboneSize * backboneSize;
        for (int i = 0; i < image.Length; i++)
            image[i] = clipMean[i / plane] * 255f - image[i];
        state["input_offset"] = tensor(image, [1, 3, backboneSize, backboneSize]);
        return state;
    }

    private sealed record Folded(ResNet18Conv Spec, Tensor Weight, Tensor Bias);

    /// <summary>Every Conv of the graph in order with the BatchNormalization that reads it folded in.</summary>
    private static List<Folded> FoldedConvolutions(GraphProto graph, Dictionary<string, TensorProto> initializers, string path)
    {
        var result = new List<Folded>();
        foreach (var node in graph.Node.Where(n => n.OpType == "Conv"))
        {
            var bn = graph.Node.SingleOrDefault(n => n.OpType == "BatchNormalization" && n.Input[0] == node.Output[0])
                ?? throw NotResNet18(path, $"Conv '{node.Name}' is not followed by a BatchNormalization");
            var weight = Initializer(initializers, node.Input[1], path);
            if (node.Input.Count > 2 && node.Input[2].Length > 0)
                throw NotResNet18(path, $"Conv '{node.Name}' has a bias");
            long[] Ints(NodeProto n, string name) => n.Attribute.FirstOrDefault(a => a.Name == name)?.Ints.ToArray() ?? [];
            long[] strides = Ints(node, "strides"), pads = Ints(node, "pads"), kernel = Ints(node, "kernel_shape");
            if (node.Attribute.Any(a => a.Name == "group" && a.I != 1)
                || strides is not [var sh, var sw] || sh != sw || pads is not [var ph, var pw, var eh, var ew] || ph != pw || eh != ew
                || kernel is not [var kh, var kw] || kh != kw || weight.Dims is not [var outputs, var inputs, _, _])
                throw NotResNet18(path, $"Conv '{node.Name}' has unexpected attributes");
            double eps = bn.Attribute.FirstOrDefault(a => a.Name == "epsilon")?.F ?? 1e-5f;
            float[] gamma = Initializer(initializers, bn.Input[1], path).Values, beta = Initializer(initializers, bn.Input[2], path).Values,
                runningMean = Initializer(initializers, bn.Input[3], path).Values, runningVar = Initializer(initializers, bn.Input[4], path).Values;
            if (new[] { gamma, beta, runningMean, runningVar }.Any(v => v.Length != outputs))
                throw NotResNet18(path, $"BatchNormalization '{bn.Name}' does not have {outputs} channels");
            // Folded in managed doubles, not tensor arithmetic: a collection during a native call can free TorchSharp's
            // implicit Scalars under libtorch (see NoCollectionRegion), and this import's large arrays make collections frequent.
            int perOutput = weight.Values.Length / (int)outputs;
            var folded = new float[weight.Values.Length];
            var bias = new float[outputs];
            for (int o = 0; o < outputs; o++)
            {
                double scale = gamma[o] / Math.Sqrt(runningVar[o] + eps);
                for (int i = o * perOutput; i < (o + 1) * perOutput; i++)
                    folded[i] = (float)(weight.Values[i] * scale);
                bias[o] = (float)(beta[o] - runningMean[o] * scale);
            }
            var spec = new ResNet18Conv(node.Name, (int)inputs, (int)outputs, (int)kh, (int)sh, (int)ph, (int)eh);
            result.Add(new Folded(spec, tensor(folded, weight.Dims), tensor(bias, [outputs])));
        }
        return result;
    }

    /// <summary>The mean image [1, 3, 224, 224] (BGR, 0-255) of the preprocessing model beside the network.</summary>
    private static Tensor MeanImage(string onnxPath)
    {
        string path = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(onnxPath))!, PreprocessRelativePath));
        var graph = Read(path).Graph;
        var sub = graph.Node.FirstOrDefault(n => n.OpType == "Sub")
            ?? throw new CheckpointException(path, "has no Sub node: it is not the package's ResNetPreprocess.onnx.");
        var image = Initializer(graph.Initializer.ToDictionary(i => i.Name), sub.Input[1], path);
        if (!image.Dims.SequenceEqual([1L, 3, TrainedSize, TrainedSize]))
            throw new CheckpointException(path, $"has a mean image of shape [{string.Join(", ", image.Dims)}], not [1, 3, 224, 224].");
        return tensor(image.Values, image.Dims);
    }

    private static ModelProto Read(string path)
    {
        if (!File.Exists(path))
            throw new CheckpointException(path, "not found. The resnet18-gru and resnet18-timesformer models read the pretrained ResNet18 of the NuGet package "
                + "Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1 (tools/DnnImageModels/): an application gets it beside its assemblies "
                + "with <UsesResNet18Weights>true</UsesResNet18Weights> (build/ResNet18Weights.targets).");
        try
        {
            return ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new CheckpointException(path, $"is not an ONNX model ({e.Message}).", e);
        }
    }

    /// <summary>A float32 initializer's values (row-major) and dimensions.</summary>
    private sealed record FloatInitializer(float[] Values, long[] Dims);

    private static FloatInitializer Initializer(Dictionary<string, TensorProto> initializers, string name, string path)
    {
        if (!initializers.TryGetValue(name, out var proto))
            throw NotResNet18(path, $"it has no initializer '{name}'");
        if (proto.DataType != (int)TensorProto.Types.DataType.Float)
            throw NotResNet18(path, $"initializer '{name}' is not float32");
        float[] values = proto.RawData.Length > 0
            ? MemoryMarshal.Cast<byte, float>(proto.RawData.Span).ToArray()
            : [.. proto.FloatData];
        return new FloatInitializer(values, [.. proto.Dims]);
    }

    private static CheckpointException NotResNet18(string path, string reason) =>
        new(path, $"is not the pretrained ResNet18 of Microsoft.ML.DnnImageFeaturizer.ResNet18: {reason}.");
}
