using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TimeSformer.Torch.Model;

/// <summary>
/// A frozen ResNet18 (<see cref="ResNet18Layout"/>) that holds its weights as buffers, so no optimiser can reach them
/// and no train/eval switch changes them: every BatchNorm is folded into its convolution's bias (evaluation
/// statistics), the padding is the pretrained file's. Its input is a batch of our normalised RGB frames
/// [N, 3, S, S]; it resizes them to the backbone side, maps them to what the network was trained on
/// (x * <c>input_scale</c> + <c>input_offset</c>: undo our normalisation, 0-255, BGR through the stem's channel order,
/// minus the mean image) and returns the globally pooled features [N, 512]; <see cref="Maps"/> gives the feature maps
/// before the pooling. A network truncated after an earlier stage (<see cref="Stages"/>) holds only the blocks it runs,
/// and its maps keep more of where things are (stage 3: 256 channels at a sixteenth of the side).
/// </summary>
public sealed class FrozenResNet18 : Module<Tensor, Tensor>
{
    private readonly int backboneSize;
    private readonly FrozenConv conv1;
    private readonly List<FrozenBlock> blocks = [];

    /// <summary>Creates the network through stage <paramref name="stages"/> (1-4; 4 is the whole network) with zero
    /// weights (a checkpoint or <see cref="Checkpoints.ResNet18OnnxImport"/> fills them).</summary>
    public FrozenResNet18(int backboneSize, int stages = 4) : base(nameof(FrozenResNet18))
    {
        this.backboneSize = backboneSize;
        Stages = stages;
        register_buffer("input_scale", ones(1, 3, 1, 1));
        register_buffer("input_offset", zeros(1, 3, backboneSize, backboneSize));
        conv1 = new FrozenConv(ResNet18Layout.Stem);
        register_module("conv1", conv1);
        var layout = ResNet18Layout.BlocksThrough(stages).ToList();
        foreach (var (name, c1, c2, down) in layout)
            blocks.Add(new FrozenBlock(c1, c2, down));
        // A ModuleList registers the blocks it is created with (one added later stays out of the state dict).
        foreach (var stage in layout.Select((b, i) => (Layer: b.Name[..b.Name.IndexOf('.')], Block: blocks[i])).GroupBy(b => b.Layer))
            register_module(stage.Key, new ModuleList<FrozenBlock>([.. stage.Select(b => b.Block)]));
    }

    /// <summary>Side each frame is resized to before the network.</summary>
    public int BackboneSize => backboneSize;

    /// <summary>The stages the network runs (4: all of ResNet18).</summary>
    public int Stages { get; }

    /// <summary>Channels of the maps it returns (64, 128, 256 or 512).</summary>
    public int Channels => ResNet18Layout.StageWidths[Stages - 1];

    /// <summary>Side of the maps it returns (<see cref="ResNet18Layout.MapSide"/> of the backbone side).</summary>
    public int MapSide => ResNet18Layout.MapSide(backboneSize, Stages);

    /// <summary>Normalised RGB frames [N, 3, S, S] to features [N, C] pooled over the last stage's maps.</summary>
    public override Tensor forward(Tensor frames)
    {
        using var scope = NewDisposeScope();
        return Maps(frames).mean([2, 3]).MoveToOuterDisposeScope();
    }

    /// <summary>Normalised RGB frames [N, 3, S, S] to the last stage's maps [N, <see cref="Channels"/>,
    /// <see cref="MapSide"/>, <see cref="MapSide"/>].</summary>
    public Tensor Maps(Tensor frames)
    {
        using var scope = NewDisposeScope();
        var x = frames.shape[^1] == backboneSize && frames.shape[^2] == backboneSize
            ? frames
            : functional.interpolate(frames, [backboneSize, backboneSize], mode: InterpolationMode.Bilinear, align_corners: false);
        x = x * get_buffer("input_scale")! + get_buffer("input_offset")!;
        x = functional.relu(conv1.call(x));
        // The pool pads with zeros, which equals ONNX's -infinity padding here: its input is a ReLU's output.
        x = functional.pad(x, [ResNet18Layout.PoolPadBegin, ResNet18Layout.PoolPadEnd, ResNet18Layout.PoolPadBegin, ResNet18Layout.PoolPadEnd]);
        x = functional.max_pool2d(x, ResNet18Layout.PoolKernel, ResNet18Layout.PoolStride);
        foreach (var block in blocks) x = block.call(x);
        return x.MoveToOuterDisposeScope();
    }

    /// <summary>A convolution with a folded bias and the file's (possibly asymmetric) zero padding.</summary>
    internal sealed class FrozenConv : Module<Tensor, Tensor>
    {
        private readonly ResNet18Conv spec;

        public FrozenConv(ResNet18Conv spec) : base(nameof(FrozenConv))
        {
            this.spec = spec;
            register_buffer("weight", zeros(spec.Out, spec.In, spec.Kernel, spec.Kernel));
            register_buffer("bias", zeros(spec.Out));
        }

        public override Tensor forward(Tensor x)
        {
            long[] stride = [spec.Stride, spec.Stride];
            if (spec.PadBegin == spec.PadEnd)
                return functional.conv2d(x, get_buffer("weight")!, get_buffer("bias"), stride, [spec.PadBegin, spec.PadBegin]);
            using var padded = functional.pad(x, [spec.PadBegin, spec.PadEnd, spec.PadBegin, spec.PadEnd]);
            return functional.conv2d(padded, get_buffer("weight")!, get_buffer("bias"), stride);
        }
    }

    /// <summary>relu(conv2(relu(conv1 x)) + shortcut x).</summary>
    internal sealed class FrozenBlock : Module<Tensor, Tensor>
    {
        private readonly FrozenConv conv1;
        private readonly FrozenConv conv2;
        private readonly FrozenConv? downsample;

        public FrozenBlock(ResNet18Conv conv1, ResNet18Conv conv2, ResNet18Conv? downsample) : base(nameof(FrozenBlock))
        {
            this.conv1 = new FrozenConv(conv1);
            this.conv2 = new FrozenConv(conv2);
            register_module("conv1", this.conv1);
            register_module("conv2", this.conv2);
            if (downsample is not null)
            {
                this.downsample = new FrozenConv(downsample);
                register_module("downsample", this.downsample);
            }
        }

        public override Tensor forward(Tensor x)
        {
            using var scope = NewDisposeScope();
            var y = conv2.call(functional.relu(conv1.call(x)));
            var shortcut = downsample is null ? x : downsample.call(x);
            return functional.relu(y + shortcut).MoveToOuterDisposeScope();
        }
    }
}
