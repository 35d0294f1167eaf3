using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TimeSformer.Torch.Model;

/// <summary>
/// One TimeSformer block (official <c>Block</c>). Input and output are tokens [batch, 1 + N*T, dim] with the CLS
/// token first and patch tokens ordered patch-major, frame-minor, for divided and joint attention; for space-only
/// attention they are per-frame sequences [batch*T, 1 + N, dim].
/// </summary>
public sealed class Block : Module<Tensor, long, Tensor>
{
    private readonly LayerNorm norm1;
    private readonly Attention attn;
    private readonly LayerNorm? temporal_norm1;
    private readonly Attention? temporal_attn;
    private readonly Linear? temporal_fc;
    private readonly DropPath drop_path;
    private readonly LayerNorm norm2;
    private readonly Mlp mlp;

    /// <summary>Creates a block of <paramref name="options"/>'s width with stochastic depth rate
    /// <paramref name="dropPathRate"/>.</summary>
    public Block(TimeSformerOptions options, double dropPathRate) : base(nameof(Block))
    {
        long dim = options.EmbedDim;
        norm1 = LayerNorm(dim, options.LayerNormEps);
        attn = NewAttention(options);
        if (options.AttentionType == AttentionType.DividedSpaceTime)
        {
            temporal_norm1 = LayerNorm(dim, options.LayerNormEps);
            temporal_attn = NewAttention(options);
            temporal_fc = Linear(dim, dim);
        }
        drop_path = new DropPath(dropPathRate);
        norm2 = LayerNorm(dim, options.LayerNormEps);
        mlp = new Mlp(dim, (long)(dim * options.MlpRatio), options.DropRate);
        RegisterComponents();
    }

    /// <summary>The temporal output projection (divided attention only), zeroed at initialisation in all blocks
    /// but the first.</summary>
    internal Linear? TemporalFc => temporal_fc;

    /// <summary>Applies the block to <paramref name="x"/> built from clips of <paramref name="frames"/> frames.</summary>
    public override Tensor forward(Tensor x, long frames)
    {
        using var scope = NewDisposeScope();
        var mixed = temporal_attn is null ? x + drop_path.call(attn.call(norm1.call(x))) : DividedAttention(x, frames);
        return (mixed + drop_path.call(mlp.call(norm2.call(mixed)))).MoveToOuterDisposeScope();
    }

    // Temporal attention over the T tokens of each patch, then spatial attention over each frame's patches with
    // the CLS token copied into every frame and its T outputs averaged (paper, figure 1).
    private Tensor DividedAttention(Tensor x, long t)
    {
        long b = x.shape[0], m = x.shape[2], n = (x.shape[1] - 1) / t;
        var cls = x[.., ..1];
        var patches = x[.., 1..];

        var temporal = drop_path.call(temporal_attn!.call(temporal_norm1!.call(patches.reshape(b * n, t, m))));
        var xt = patches + temporal_fc!.call(temporal.reshape(b, n * t, m));

        var perFrame = xt.reshape(b, n, t, m).transpose(1, 2).reshape(b * t, n, m);
        var frameCls = cls.expand(b, t, m).reshape(b * t, 1, m);
        var spatial = drop_path.call(attn.call(norm1.call(cat([frameCls, perFrame], 1))));
        var spatialCls = spatial[.., 0].reshape(b, t, m).mean([1], keepdim: true);
        var spatialPatches = spatial[.., 1..].reshape(b, t, n, m).transpose(1, 2).reshape(b, n * t, m);

        return cat([cls, xt], 1) + cat([spatialCls, spatialPatches], 1);
    }

    private static Attention NewAttention(TimeSformerOptions o) =>
        new(o.EmbedDim, o.NumHeads, o.QkvBias, o.AttentionDropRate, o.DropRate);
}
