using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TimeSformer.Torch.Model;

/// <summary>
/// TimeSformer (Bertasius et al., "Is Space-Time Attention All You Need for Video Understanding?", ICML 2021),
/// with the math and parameter names of the official <c>vit.py</c> so that official checkpoints load by name.
/// </summary>
/// <remarks>
/// <para>Input: clips [B, T, 3, H, W] (the Hugging Face layout; the official code takes [B, 3, T, H, W]), already
/// normalised. Output: logits [B, classes]. H, W and T may differ from the configured ones: the spatial and
/// temporal embeddings are then resized by nearest neighbour, as the official forward pass does.</para>
/// <para>Positional embeddings: <c>pos_embed</c> exists unless <see cref="PositionalEmbedding.None"/>;
/// <c>time_embed</c> exists only for <see cref="PositionalEmbedding.SpaceTime"/> with divided or joint attention
/// (the official space-only model has none). An embedding that is not used is not a parameter, so parameter
/// counts and checkpoints describe the model that runs.</para>
/// </remarks>
public sealed class TimeSformerModel : Module<Tensor, Tensor>
{
    private readonly PatchEmbed? patch_embed;
    private readonly Parameter cls_token;
    private readonly Parameter? pos_embed;
    private readonly Parameter? time_embed;
    private readonly Dropout pos_drop;
    private readonly Dropout time_drop;
    private readonly ModuleList<Block> blocks;
    private readonly LayerNorm norm;
    private readonly Dropout head_drop;
    private readonly Linear head;

    /// <summary>Builds the model with the official initialisation.</summary>
    public TimeSformerModel(TimeSformerOptions options) : this(options, pixelPatches: true)
    {
    }

    /// <summary>Builds the model with the official initialisation; without <paramref name="pixelPatches"/> it has no
    /// <c>patch_embed</c> and takes its patch grid from another embedding (<see cref="ForwardGrid"/>, as
    /// <see cref="ResNet18TimeSformer"/> does).</summary>
    internal TimeSformerModel(TimeSformerOptions options, bool pixelPatches) : base("TimeSformer")
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        OneDnnCpuIsa.Apply();
        Options = options;
        long dim = options.EmbedDim;
        if (pixelPatches) patch_embed = new PatchEmbed(options.PatchInputChannels, options.PatchSize, dim);
        cls_token = new Parameter(zeros(1, 1, dim));
        if (options.PositionalEmbedding != PositionalEmbedding.None)
            pos_embed = new Parameter(zeros(1, options.PatchesPerFrame + 1, dim));
        if (options.HasTimeEmbedding)
            time_embed = new Parameter(zeros(1, options.Frames, dim));
        pos_drop = Dropout(options.DropRate);
        time_drop = Dropout(options.DropRate);
        blocks = new ModuleList<Block>(Enumerable.Range(0, options.Depth)
            .Select(i => new Block(options, options.Depth == 1 ? 0 : options.DropPathRate * i / (options.Depth - 1)))
            .ToArray());
        norm = LayerNorm(dim, options.LayerNormEps);
        head_drop = Dropout(options.HeadDropRate);
        head = Linear(dim, options.NumClasses);
        RegisterComponents();
        Initialize();
        InitialWeights.Remember(this);
    }

    /// <summary>The configuration this model was built with.</summary>
    public TimeSformerOptions Options { get; }

    /// <summary>Whether the model has a pixel patch embedding (<see cref="EmbedPixels"/>).</summary>
    internal bool HasPixelPatches => patch_embed is not null;

    /// <summary>Computes logits [B, classes] for clips [B, T, 3, H, W].</summary>
    public override Tensor forward(Tensor clips)
    {
        if (clips.dim() != 5 || clips.shape[2] != Options.Channels)
            throw new ArgumentException(
                $"TimeSformer expects clips [B, T, {Options.Channels}, H, W]; got [{string.Join(", ", clips.shape)}].");
        using var scope = NewDisposeScope();
        return ForwardGrid(EmbedPixels(clips), clips.shape[0], clips.shape[1]).MoveToOuterDisposeScope();
    }

    /// <summary>The pixel patch grids [B*T, dim, H/patch, W/patch] of clips [B, T, C, H, W], with their frame
    /// differences when <see cref="TimeSformerOptions.FrameDifferences"/> is on.</summary>
    internal Tensor EmbedPixels(Tensor clips)
    {
        if (patch_embed is null)
            throw new InvalidOperationException("This TimeSformer has no pixel patch embedding; it takes patch grids (ForwardGrid).");
        using var scope = NewDisposeScope();
        var input = Options.FrameDifferences ? WithFrameDifferences(clips) : clips;
        return patch_embed.call(input.flatten(0, 1)).MoveToOuterDisposeScope();
    }

    /// <summary>Logits [B, classes] from the embedded patch grids [B*T, dim, h, w] of clips of <paramref name="t"/>
    /// frames: CLS token, positional embeddings, blocks, then norm and head on the CLS token (or on the patch tokens' mean).</summary>
    internal Tensor ForwardGrid(Tensor grid, long b, long t)
    {
        using var scope = NewDisposeScope();
        long gridH = grid.shape[2], gridW = grid.shape[3], n = gridH * gridW, dim = grid.shape[1];
        var x = cat([cls_token.expand(b * t, 1, dim), grid.flatten(2).transpose(1, 2)], 1);
        if (pos_embed is not null) x = x + SpatialEmbedding(gridH, gridW);
        x = pos_drop.call(x);

        if (Options.AttentionType != AttentionType.SpaceOnly)
            x = ToSpaceTimeTokens(x, b, t, n, dim);

        foreach (var block in blocks)
            x = block.call(x, t);

        if (Options.AttentionType == AttentionType.SpaceOnly)
            x = x.reshape(b, t, n + 1, dim).mean([1]);

        // Mean pooling averages before the norm, so that one normalised vector of the patches' content reaches the head.
        var features = Options.MeanPooling ? norm.call(x[.., 1..].mean([1])) : norm.call(x)[.., 0];
        return head.call(head_drop.call(features)).MoveToOuterDisposeScope();
    }

    // [B, T, C, H, W] -> [B, T, 2C, H, W]: each frame followed by its difference from the frame before (the first
    // frame's is zero), so one token sees which way its content moved.
    private static Tensor WithFrameDifferences(Tensor clips)
    {
        var differences = cat([zeros_like(clips[.., ..1]), clips[.., 1..] - clips[.., ..^1]], 1);
        return cat([clips, differences], 2);
    }

    // Per-frame sequences [B*T, 1+N, dim] -> one sequence per clip [B, 1+N*T, dim], patch-major, frame-minor (the
    // official order), with the temporal embedding added to every patch's T tokens.
    private Tensor ToSpaceTimeTokens(Tensor x, long b, long t, long n, long dim)
    {
        var cls = x[.., ..1].reshape(b, t, 1, dim)[.., 0];
        var patches = x[.., 1..].reshape(b, t, n, dim).transpose(1, 2);
        if (time_embed is not null) patches = patches + TemporalEmbedding(t);
        patches = time_drop.call(patches).reshape(b, n * t, dim);
        return cat([cls, patches], 1);
    }

    private Tensor SpatialEmbedding(long gridH, long gridW)
    {
        int side = Options.PatchesPerSide;
        if (gridH == side && gridW == side) return pos_embed!;
        long dim = pos_embed!.shape[2];
        var grid = pos_embed[.., 1..].transpose(1, 2).reshape(1, dim, side, side);
        var resized = functional.interpolate(grid, [gridH, gridW], mode: InterpolationMode.Nearest);
        return cat([pos_embed[.., ..1], resized.flatten(2).transpose(1, 2)], 1);
    }

    private Tensor TemporalEmbedding(long frames)
    {
        if (frames == Options.Frames) return time_embed!;
        var resized = functional.interpolate(time_embed!.transpose(1, 2), [frames], mode: InterpolationMode.Nearest);
        return resized.transpose(1, 2);
    }

    // Official: truncated normal (std .02) for Linear weights, cls_token and pos_embed; zero biases and time_embed;
    // LayerNorm ones/zeros; the patch convolution keeps PyTorch's default; temporal_fc starts at zero in every
    // block but the first so that a pretrained image model's blocks begin as spatial-only.
    private void Initialize()
    {
        using var noGrad = no_grad();
        foreach (var module in modules())
        {
            if (module is Linear linear)
            {
                TruncatedNormal.Fill(linear.weight, 0.02);
                if (linear.bias is not null) init.zeros_(linear.bias);
            }
        }
        TruncatedNormal.Fill(cls_token, 0.02);
        if (pos_embed is not null) TruncatedNormal.Fill(pos_embed, 0.02);
        foreach (var block in blocks.Skip(1))
        {
            if (block.TemporalFc is { } fc)
            {
                init.zeros_(fc.weight);
                init.zeros_(fc.bias!);
            }
        }
    }
}
