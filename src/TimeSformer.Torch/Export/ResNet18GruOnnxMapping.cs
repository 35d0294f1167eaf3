using Google.Protobuf;
using Onnx;
using TimeSformer.Contract;
using TimeSformer.Torch.Model;
using static TorchSharp.torch;

namespace TimeSformer.Torch.Export;

/// <summary>
/// Maps a <see cref="ResNet18Gru"/> state dict to one ONNX graph: the clip's frames resized to the backbone side
/// (<c>Resize</c>, bilinear, when the sides differ), the folded preprocessing (<c>Mul</c>, <c>Add</c>), the frozen
/// ResNet18 under the <c>backbone</c> scope (folded convolutions with the pretrained file's padding, max pool, basic
/// blocks, global average pooling), the <c>GRU</c> op over the frames and the head on its last hidden state.
/// </summary>
public sealed class ResNet18GruOnnxMapping : IOnnxModelMapping
{
    private const string Batch = OnnxSignature.BatchDim;
    private const string Prefix = "backbone.";

    private readonly ResNet18GruOptions modelOptions;
    private readonly StateDictWeights stateWeights;

    /// <summary>Prepares the mapping; weights are read and checked while <see cref="EmitLogits"/> runs.</summary>
    /// <param name="options">The model configuration.</param>
    /// <param name="stateDict">Parameters and buffers by name (as <c>module.state_dict()</c> returns them).</param>
    public ResNet18GruOnnxMapping(ResNet18GruOptions options, IReadOnlyDictionary<string, Tensor> stateDict)
    {
        options.Validate();
        modelOptions = options;
        stateWeights = new StateDictWeights(stateDict, "a ResNet18-GRU");
    }

    /// <inheritdoc />
    public string Architecture => ModelArchitecture.ResNet18Gru;

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
        int s = modelOptions.ImageSize, t = modelOptions.Frames, side = modelOptions.BackboneSize;
        const int width = ResNet18GruOptions.FeatureWidth;
        OnnxDim frames = $"{Batch}*{t}";
        string x = graph.Reshape(pixelValues, [-1, 3, s, s], [frames, 3, s, s]);
        using (graph.Scope("backbone"))
        {
            if (s != side)
            {
                string sizes = graph.Concat(0, [graph.Shape(x, 0, 2), graph.Int64s(side, side)]);
                x = graph.Node("Resize", [x, "", "", sizes], [frames, 3, side, side],
                    Text("mode", "linear"), Text("coordinate_transformation_mode", "pytorch_half_pixel"));
            }
            x = graph.Mul(x, stateWeights.Initializer(graph, Prefix + "input_scale", 1, 3, 1, 1), [frames, 3, side, side]);
            x = graph.Add(x, stateWeights.Initializer(graph, Prefix + "input_offset", 1, 3, side, side), [frames, 3, side, side]);
            x = graph.Relu(EmitConv(graph, ResNet18Layout.Stem, x, frames, ref side), [frames, ResNet18Layout.Stem.Out, side, side]);
            side = ResNet18Layout.PoolOutputSide(side);
            x = graph.Node("MaxPool", [x], [frames, ResNet18Layout.Stem.Out, side, side],
                OnnxGraphBuilder.Ints("kernel_shape", [ResNet18Layout.PoolKernel, ResNet18Layout.PoolKernel]),
                OnnxGraphBuilder.Ints("strides", [ResNet18Layout.PoolStride, ResNet18Layout.PoolStride]),
                OnnxGraphBuilder.Ints("pads", [ResNet18Layout.PoolPadBegin, ResNet18Layout.PoolPadBegin, ResNet18Layout.PoolPadEnd, ResNet18Layout.PoolPadEnd]));
            foreach (var (name, conv1, conv2, downsample) in ResNet18Layout.Blocks)
            {
                using var block = graph.Scope(name);
                int inSide = side;
                string y = graph.Relu(EmitConv(graph, conv1, x, frames, ref side), [frames, conv1.Out, side, side]);
                y = EmitConv(graph, conv2, y, frames, ref side);
                string shortcut = downsample is null ? x : EmitConv(graph, downsample, x, frames, ref inSide);
                OnnxDim[] shape = [frames, conv2.Out, side, side];
                x = graph.Relu(graph.Add(y, shortcut, shape), shape);
            }
            x = graph.ReduceMean(x, [2, 3], keepDims: false, [frames, width]);
        }
        using (graph.Scope("features"))
            x = graph.Transpose(graph.Reshape(x, [-1, t, width], [Batch, t, width]), [1, 0, 2], [t, Batch, width]);
        x = RecurrentOnnx.Emit(graph, stateWeights, RecurrentCell.Gru, modelOptions.RnnLayers, modelOptions.HiddenSize, t, x, width);
        using (graph.Scope("head"))
            return graph.GemmTransB(x, stateWeights.Initializer(graph, "head.weight", modelOptions.NumClasses, modelOptions.HiddenSize),
                stateWeights.Initializer(graph, "head.bias", modelOptions.NumClasses), [Batch, modelOptions.NumClasses]);
    }

    /// <summary>A folded convolution with the pretrained file's padding (ONNX pads: begins, then ends).</summary>
    private string EmitConv(OnnxGraphBuilder graph, ResNet18Conv conv, string x, OnnxDim frames, ref int side)
    {
        using var scope = graph.Scope(conv.Name[(conv.Name.LastIndexOf('.') + 1)..]);
        string weight = stateWeights.Initializer(graph, Prefix + conv.Name + ".weight", conv.Out, conv.In, conv.Kernel, conv.Kernel);
        string bias = stateWeights.Initializer(graph, Prefix + conv.Name + ".bias", conv.Out);
        side = conv.OutputSide(side);
        return graph.Node("Conv", [x, weight, bias], [frames, conv.Out, side, side],
            OnnxGraphBuilder.Ints("kernel_shape", [conv.Kernel, conv.Kernel]), OnnxGraphBuilder.Ints("strides", [conv.Stride, conv.Stride]),
            OnnxGraphBuilder.Ints("pads", [conv.PadBegin, conv.PadBegin, conv.PadEnd, conv.PadEnd]));
    }

    private static AttributeProto Text(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };
}
