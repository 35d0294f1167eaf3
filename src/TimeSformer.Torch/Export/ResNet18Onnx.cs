using Google.Protobuf;
using Onnx;
using TimeSformer.Torch.Model;

namespace TimeSformer.Torch.Export;

/// <summary>Emits the frozen ResNet18 (<see cref="FrozenResNet18"/>, state-dict names <c>backbone.conv1.weight</c>, ...)
/// for every model built on it: frames resized to the backbone side, the folded preprocessing, the folded convolutions
/// with the pretrained file's padding, the max pool and the basic blocks through a stage.</summary>
internal static class ResNet18Onnx
{
    /// <summary>The maps [frames, C, side, side] of the network through <paramref name="stages"/> for frames
    /// <paramref name="x"/> [frames, 3, <paramref name="imageSize"/>, imageSize]: <c>Resize</c> (linear,
    /// <c>pytorch_half_pixel</c>, only when the sides differ), <c>Mul</c>/<c>Add</c> (preprocessing), <c>Conv</c>s,
    /// <c>MaxPool</c>, the blocks. Returns the maps and their side.</summary>
    public static (string Maps, int Side) EmitMaps(OnnxGraphBuilder graph, StateDictWeights weights, string prefix, string x,
        OnnxDim frames, int imageSize, int backboneSize, int stages)
    {
        int side = backboneSize;
        if (imageSize != side)
        {
            string sizes = graph.Concat(0, [graph.Shape(x, 0, 2), graph.Int64s(side, side)]);
            x = graph.Node("Resize", [x, "", "", sizes], [frames, 3, side, side],
                Text("mode", "linear"), Text("coordinate_transformation_mode", "pytorch_half_pixel"));
        }
        x = graph.Mul(x, weights.Initializer(graph, prefix + "input_scale", 1, 3, 1, 1), [frames, 3, side, side]);
        x = graph.Add(x, weights.Initializer(graph, prefix + "input_offset", 1, 3, side, side), [frames, 3, side, side]);
        x = graph.Relu(EmitConv(graph, weights, prefix, ResNet18Layout.Stem, x, frames, ref side), [frames, ResNet18Layout.Stem.Out, side, side]);
        side = ResNet18Layout.PoolOutputSide(side);
        x = graph.Node("MaxPool", [x], [frames, ResNet18Layout.Stem.Out, side, side],
            OnnxGraphBuilder.Ints("kernel_shape", [ResNet18Layout.PoolKernel, ResNet18Layout.PoolKernel]),
            OnnxGraphBuilder.Ints("strides", [ResNet18Layout.PoolStride, ResNet18Layout.PoolStride]),
            OnnxGraphBuilder.Ints("pads", [ResNet18Layout.PoolPadBegin, ResNet18Layout.PoolPadBegin, ResNet18Layout.PoolPadEnd, ResNet18Layout.PoolPadEnd]));
        foreach (var (name, conv1, conv2, downsample) in ResNet18Layout.BlocksThrough(stages))
        {
            using var block = graph.Scope(name);
            int inSide = side;
            string y = graph.Relu(EmitConv(graph, weights, prefix, conv1, x, frames, ref side), [frames, conv1.Out, side, side]);
            y = EmitConv(graph, weights, prefix, conv2, y, frames, ref side);
            string shortcut = downsample is null ? x : EmitConv(graph, weights, prefix, downsample, x, frames, ref inSide);
            OnnxDim[] shape = [frames, conv2.Out, side, side];
            x = graph.Relu(graph.Add(y, shortcut, shape), shape);
        }
        return (x, side);
    }

    /// <summary>A folded convolution with the pretrained file's padding (ONNX pads: begins, then ends).</summary>
    private static string EmitConv(OnnxGraphBuilder graph, StateDictWeights weights, string prefix, ResNet18Conv conv, string x,
        OnnxDim frames, ref int side)
    {
        using var scope = graph.Scope(conv.Name[(conv.Name.LastIndexOf('.') + 1)..]);
        string weight = weights.Initializer(graph, prefix + conv.Name + ".weight", conv.Out, conv.In, conv.Kernel, conv.Kernel);
        string bias = weights.Initializer(graph, prefix + conv.Name + ".bias", conv.Out);
        side = conv.OutputSide(side);
        return graph.Node("Conv", [x, weight, bias], [frames, conv.Out, side, side],
            OnnxGraphBuilder.Ints("kernel_shape", [conv.Kernel, conv.Kernel]), OnnxGraphBuilder.Ints("strides", [conv.Stride, conv.Stride]),
            OnnxGraphBuilder.Ints("pads", [conv.PadBegin, conv.PadBegin, conv.PadEnd, conv.PadEnd]));
    }

    private static AttributeProto Text(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };
}
