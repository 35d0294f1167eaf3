using TimeSformer.Contract;
using TimeSformer.Torch.Model;
using static TorchSharp.torch;

namespace TimeSformer.Torch.Export;

/// <summary>
/// Maps a <see cref="CnnRnn"/> state dict to an ONNX graph: the per-frame CNN with every BatchNorm folded into the
/// convolution before it (evaluation statistics), global average pooling, the ONNX <c>GRU</c> or <c>LSTM</c> op per
/// recurrent layer (gates reordered from PyTorch's layout), and the head on the last hidden state.
/// </summary>
public sealed class CnnRnnOnnxMapping : IOnnxModelMapping
{
    private const string Batch = OnnxSignature.BatchDim;

    // CnnRnn builds its BatchNorm2d layers with TorchSharp's default epsilon, which the state dict does not carry.
    private const double BatchNormEps = 1e-5;

    private readonly CnnRnnOptions modelOptions;
    private readonly StateDictWeights stateWeights;

    /// <summary>Prepares the mapping; weights are read and checked while <see cref="EmitLogits"/> runs.</summary>
    /// <param name="options">The model configuration.</param>
    /// <param name="stateDict">Parameters and buffers by name (as <c>module.state_dict()</c> returns them).</param>
    public CnnRnnOnnxMapping(CnnRnnOptions options, IReadOnlyDictionary<string, Tensor> stateDict)
    {
        options.Validate();
        modelOptions = options;
        stateWeights = new StateDictWeights(stateDict, $"a CNN-{options.Cell.ToString().ToUpperInvariant()} baseline");
    }

    /// <inheritdoc />
    public string Architecture => ModelArchitecture.CnnRnn;

    /// <inheritdoc />
    public string ConfigJson => modelOptions.ToJson();

    /// <inheritdoc />
    public int Frames => modelOptions.Frames;

    /// <inheritdoc />
    public int ImageSize => modelOptions.ImageSize;

    /// <inheritdoc />
    public int NumClasses => modelOptions.NumClasses;

    /// <inheritdoc />
    public string EmitLogits(OnnxGraphBuilder graph, string pixelValues)
    {
        using var scope = NewDisposeScope();
        int s = modelOptions.ImageSize, c = modelOptions.Channels, t = modelOptions.Frames;
        OnnxDim frames = $"{Batch}*{t}";
        string x = graph.Reshape(pixelValues, [-1, c, s, s], [frames, c, s, s]);
        int width = modelOptions.StemWidth;
        using (graph.Scope("stem"))
            x = graph.Relu(EmitConvBn(graph, "stem.conv", "stem.bn", x, c, width, 3, 2, frames, ref s), [frames, width, s, s]);
        for (int i = 0; i < modelOptions.StageWidths.Count; i++)
            using (graph.Scope($"stages.{i}"))
                x = EmitResidualBlock(graph, $"stages.{i}.", x, ref width, modelOptions.StageWidths[i], frames, ref s);

        using (graph.Scope("pool"))
        {
            x = graph.ReduceMean(x, [2, 3], keepDims: false, [frames, width]);
            x = graph.Transpose(graph.Reshape(x, [-1, t, width], [Batch, t, width]), [1, 0, 2], [t, Batch, width]);
        }
        x = RecurrentOnnx.Emit(graph, stateWeights, modelOptions.Cell, modelOptions.RnnLayers, modelOptions.HiddenSize, modelOptions.Frames, x, width);
        using (graph.Scope("head"))
            return graph.GemmTransB(x, stateWeights.Initializer(graph, "head.weight", modelOptions.NumClasses, modelOptions.HiddenSize),
                stateWeights.Initializer(graph, "head.bias", modelOptions.NumClasses), [Batch, modelOptions.NumClasses]);
    }

    /// <summary>ConvResidualBlock: relu(bn2(conv2(relu(bn1(conv1 x)))) + bn(conv1x1 x)); every stage halves the
    /// resolution, so every block projects its shortcut.</summary>
    private string EmitResidualBlock(OnnxGraphBuilder graph, string prefix, string x, ref int width, int outWidth,
        OnnxDim frames, ref int side)
    {
        int shortcutSide = side;
        string y;
        using (graph.Scope("conv1"))
            y = graph.Relu(EmitConvBn(graph, prefix + "conv1", prefix + "bn1", x, width, outWidth, 3, 2, frames, ref side),
                [frames, outWidth, side, side]);
        using (graph.Scope("conv2"))
            y = EmitConvBn(graph, prefix + "conv2", prefix + "bn2", y, outWidth, outWidth, 3, 1, frames, ref side);
        string identity;
        using (graph.Scope("shortcut"))
            identity = EmitConvBn(graph, prefix + "shortcut.conv", prefix + "shortcut.bn", x, width, outWidth, 1, 2, frames, ref shortcutSide);
        width = outWidth;
        OnnxDim[] shape = [frames, outWidth, side, side];
        return graph.Relu(graph.Add(y, identity, shape), shape);
    }

    /// <summary>A bias-free convolution (padding kernel/2) followed by BatchNorm, as one <c>Conv</c>:
    /// W' = W * g / sqrt(var + eps), b' = beta - mean * g / sqrt(var + eps).</summary>
    private string EmitConvBn(OnnxGraphBuilder graph, string conv, string bn, string x, int inWidth, int outWidth,
        int kernel, int stride, OnnxDim frames, ref int side)
    {
        var weight = stateWeights.Get(conv + ".weight", outWidth, inWidth, kernel, kernel).to(ScalarType.Float64);
        var gamma = stateWeights.Get(bn + ".weight", outWidth).to(ScalarType.Float64);
        var beta = stateWeights.Get(bn + ".bias", outWidth).to(ScalarType.Float64);
        var mean = stateWeights.Get(bn + ".running_mean", outWidth).to(ScalarType.Float64);
        var variance = stateWeights.Get(bn + ".running_var", outWidth).to(ScalarType.Float64);
        var scale = gamma / (variance + BatchNormEps).sqrt();
        int pad = kernel / 2;
        side = (side + 2 * pad - kernel) / stride + 1;
        return graph.Conv(x, graph.Initializer(conv + "+bn.weight", weight * scale.view(-1, 1, 1, 1)),
            graph.Initializer(conv + "+bn.bias", beta - mean * scale), kernel, stride, [frames, outWidth, side, side], pad);
    }
}
