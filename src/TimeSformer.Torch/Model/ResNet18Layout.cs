namespace TimeSformer.Torch.Model;

/// <summary>One convolution of ResNet18 as the pretrained ONNX file has it: its BatchNorm is folded into a bias, and
/// its zero padding may be asymmetric (the file's CNTK origin pads <paramref name="PadBegin"/> before and
/// <paramref name="PadEnd"/> after each spatial axis).</summary>
/// <param name="Name">State-dict prefix, e.g. <c>layer2.0.downsample</c>.</param>
/// <param name="In">Input channels.</param>
/// <param name="Out">Output channels.</param>
/// <param name="Kernel">Square kernel side.</param>
/// <param name="Stride">Stride on both axes.</param>
/// <param name="PadBegin">Zeros before each spatial axis.</param>
/// <param name="PadEnd">Zeros after each spatial axis.</param>
public sealed record ResNet18Conv(string Name, int In, int Out, int Kernel, int Stride, int PadBegin, int PadEnd)
{
    /// <summary>The output side for an input of side <paramref name="side"/>.</summary>
    public int OutputSide(int side) => (side + PadBegin + PadEnd - Kernel) / Stride + 1;
}

/// <summary>The structure of the package's "ResNet18", written once for the TorchSharp module, the importer of the
/// pretrained file and the ONNX export: a 7x7 stem, a 3x3 max pool, four stages of basic blocks (64, 128, 256, 512
/// channels; stages 2-4 halve the resolution in their first block, whose shortcut is a 1x1 convolution), global average
/// pooling. The file (a CNTK model) has 2, 2, 2 and 3 blocks, not torchvision's 2, 2, 2, 2: 22 convolutions and 15.9 M
/// parameters, 2.05 G multiply-adds per 224 px frame.</summary>
public static class ResNet18Layout
{
    /// <summary>Channels of the four stages.</summary>
    public static IReadOnlyList<int> StageWidths { get; } = [64, 128, 256, 512];

    /// <summary>Basic blocks of the four stages, as the pretrained file has them.</summary>
    public static IReadOnlyList<int> StageBlocks { get; } = [2, 2, 2, 3];

    /// <summary>The stem convolution (7x7, stride 2, padded 3 before and 2 after).</summary>
    public static ResNet18Conv Stem { get; } = new("conv1", 3, 64, 7, 2, 3, 2);

    /// <summary>The max pool after the stem: 3x3, stride 2, padded 1 before and 0 after.</summary>
    public const int PoolKernel = 3, PoolStride = 2, PoolPadBegin = 1, PoolPadEnd = 0;

    /// <summary>The basic blocks in order: name (<c>layer1.0</c>), first convolution, second, and the shortcut
    /// convolution (null when the shortcut is the identity).</summary>
    public static IReadOnlyList<(string Name, ResNet18Conv Conv1, ResNet18Conv Conv2, ResNet18Conv? Downsample)> Blocks { get; } = CreateBlocks();

    /// <summary>Every convolution: the stem, then each block's conv1, conv2 and shortcut.</summary>
    public static IEnumerable<ResNet18Conv> Convolutions => ConvolutionsThrough(StageWidths.Count);

    /// <summary>The convolutions of a network truncated after stage <paramref name="stages"/> (1-4).</summary>
    public static IEnumerable<ResNet18Conv> ConvolutionsThrough(int stages) =>
        BlocksThrough(stages).SelectMany(b => b.Downsample is null ? new[] { b.Conv1, b.Conv2 } : [b.Conv1, b.Conv2, b.Downsample]).Prepend(Stem);

    /// <summary>The blocks of stages 1 to <paramref name="stages"/> (the whole network at 4), in order.</summary>
    public static IEnumerable<(string Name, ResNet18Conv Conv1, ResNet18Conv Conv2, ResNet18Conv? Downsample)> BlocksThrough(int stages)
    {
        if (stages < 1 || stages > StageWidths.Count)
            throw new ArgumentOutOfRangeException(nameof(stages), stages, $"ResNet18 has stages 1 to {StageWidths.Count}.");
        return Blocks.Take(StageBlocks.Take(stages).Sum());
    }

    /// <summary>The total stride of the network truncated after stage <paramref name="stages"/>: 4, 8, 16, 32.</summary>
    public static int StrideThrough(int stages) => 2 << stages;

    /// <summary>The side of the feature map after stage <paramref name="stages"/> for an input of side
    /// <paramref name="side"/> (a multiple of 32: the side divided by <see cref="StrideThrough"/>).</summary>
    public static int MapSide(int side, int stages)
    {
        side = PoolOutputSide(Stem.OutputSide(side));
        foreach (var block in BlocksThrough(stages)) side = block.Conv1.OutputSide(side);
        return side;
    }

    /// <summary>The max pool's output side for an input of side <paramref name="side"/>.</summary>
    public static int PoolOutputSide(int side) => (side + PoolPadBegin + PoolPadEnd - PoolKernel) / PoolStride + 1;

    /// <summary>Multiply-adds per frame of side <paramref name="side"/> (convolutions only) through stage
    /// <paramref name="stages"/> (the whole network by default).</summary>
    public static double MultiplyAdds(int side, int stages = 4)
    {
        side = Stem.OutputSide(side);
        double total = (double)side * side * Stem.In * Stem.Out * Stem.Kernel * Stem.Kernel;
        side = PoolOutputSide(side);
        foreach (var (_, conv1, conv2, downsample) in BlocksThrough(stages))
        {
            int outSide = conv1.OutputSide(side);
            double area = (double)outSide * outSide;
            total += area * conv1.In * conv1.Out * 9 + area * conv2.In * conv2.Out * 9;
            if (downsample is not null) total += area * downsample.In * downsample.Out;
            side = outSide;
        }
        return total;
    }

    private static List<(string, ResNet18Conv, ResNet18Conv, ResNet18Conv?)> CreateBlocks()
    {
        var blocks = new List<(string, ResNet18Conv, ResNet18Conv, ResNet18Conv?)>();
        int width = 64;
        for (int stage = 0; stage < StageWidths.Count; stage++)
        {
            int w = StageWidths[stage];
            for (int i = 0; i < StageBlocks[stage]; i++)
            {
                string name = $"layer{stage + 1}.{i}";
                int stride = stage > 0 && i == 0 ? 2 : 1;
                var conv1 = new ResNet18Conv(name + ".conv1", i == 0 ? width : w, w, 3, stride, 1, stride == 2 ? 0 : 1);
                var conv2 = new ResNet18Conv(name + ".conv2", w, w, 3, 1, 1, 1);
                var downsample = stride == 2 ? new ResNet18Conv(name + ".downsample", width, w, 1, 2, 0, 0) : null;
                blocks.Add((name, conv1, conv2, downsample));
            }
            width = w;
        }
        return blocks;
    }
}
