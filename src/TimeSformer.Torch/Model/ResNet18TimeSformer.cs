using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TimeSformer.Torch.Model;

/// <summary>
/// A TimeSformer on pretrained features that keeps where things are: each frame's tokens are the h x w cells of a frozen
/// ImageNet-pretrained ResNet18's feature map after an intermediate stage (<see cref="FrozenResNet18"/> truncated,
/// <see cref="ResNet18TimeSformerOptions.Stage"/>), projected to the token width by a trainable 1x1 convolution
/// (<c>feature_proj</c>: the hybrid patch embedding of the ViT paper), optionally plus a pixel patch embedding on the
/// same grid; then the CLS token, space-time positional embeddings, divided space-time blocks and the head of a
/// <see cref="TimeSformerModel"/> (<c>transformer</c>, whose <c>patch_embed</c> is the pixel embedding). Takes the same
/// [B, T, 3, S, S] clips as the other models; the backbone's weights are buffers, so only the projection and the
/// transformer train.
/// </summary>
/// <remarks>The trunk's maps of a clip are computed once and cached by the clip's content
/// (<see cref="ICachesFrozenFeatures"/>); the pixel patches are computed from the clip at every step, which costs little
/// beside the trunk.</remarks>
public sealed class ResNet18TimeSformer : Module<Tensor, Tensor>, ICachesFrozenFeatures
{
    /// <summary>Memory the feature cache may hold by default; <see cref="FeatureCacheCapacity"/> is this over a clip's
    /// maps (1 MB at 8 frames for stage 3 at 128 px, 2 MB for stage 2).</summary>
    public const long DefaultFeatureCacheBytes = 2L << 30;

    private readonly FrozenResNet18 backbone;
    private readonly Conv2d feature_proj;
    private readonly TimeSformerModel transformer;
    private readonly FrozenFeatureCache featureCache;

    /// <summary>Creates the model with a zero backbone and a freshly initialised projection and transformer: a
    /// checkpoint fills the backbone (<see cref="Checkpoints.CheckpointLoader"/>), or use
    /// <see cref="Checkpoints.ResNet18OnnxImport.CreateModel(ResNet18TimeSformerOptions, string?)"/> for the pretrained one.</summary>
    public ResNet18TimeSformer(ResNet18TimeSformerOptions options) : base(nameof(ResNet18TimeSformer))
    {
        options.Validate();
        OneDnnCpuIsa.Apply();
        Options = options;
        backbone = new FrozenResNet18(options.BackboneSize, options.Stage);
        feature_proj = Conv2d(options.MapChannels, options.EmbedDim, 1);
        transformer = new TimeSformerModel(options.Transformer, options.PixelPatches);
        featureCache = new FrozenFeatureCache((int)Math.Min(int.MaxValue, DefaultFeatureCacheBytes / (sizeof(float) * MapValuesPerClip)));
        RegisterComponents();
        InitialWeights.Remember(this);
    }

    /// <summary>The configuration.</summary>
    public ResNet18TimeSformerOptions Options { get; }

    /// <summary>The frozen, truncated per-frame network.</summary>
    public FrozenResNet18 Backbone => backbone;

    /// <inheritdoc />
    /// <remarks><see cref="DefaultFeatureCacheBytes"/> over a clip's maps by default.</remarks>
    public int FeatureCacheCapacity { get => featureCache.Capacity; set => featureCache.Capacity = value; }

    /// <inheritdoc />
    public long FeatureCacheHits => featureCache.Hits;

    /// <inheritdoc />
    public long FeatureCacheMisses => featureCache.Misses;

    /// <inheritdoc />
    public void ClearFeatureCache() => featureCache.Clear();

    private long MapValuesPerClip => (long)Options.Frames * Options.MapChannels * Options.MapSide * Options.MapSide;

    /// <summary>Clip [B, T, 3, S, S] to logits [B, classes].</summary>
    public override Tensor forward(Tensor x)
    {
        long t = Options.Frames, s = Options.ImageSize;
        if (x.dim() != 5 || x.shape[1] != t || x.shape[2] != 3 || x.shape[3] != s || x.shape[4] != s)
            throw new ArgumentException($"ResNet18TimeSformer expects clips [B, {t}, 3, {s}, {s}]; got [{string.Join(", ", x.shape)}].");
        using var scope = NewDisposeScope();
        long b = x.shape[0];
        var grid = feature_proj.call(Features(x).flatten(0, 1));
        if (transformer.HasPixelPatches)
            grid = grid + transformer.EmbedPixels(x);
        return transformer.ForwardGrid(grid, b, t).MoveToOuterDisposeScope();
    }

    /// <summary>The frozen trunk's maps [B, T, C, h, w] of clips [B, T, 3, S, S] (no gradient), from the cache where it
    /// holds them.</summary>
    public Tensor Features(Tensor clips)
    {
        int side = Options.MapSide;
        return featureCache.Get(clips, [clips.shape[1], Options.MapChannels, side, side], Compute);
    }

    private Tensor Compute(Tensor clips)
    {
        long b = clips.shape[0], t = clips.shape[1];
        var maps = backbone.Maps(clips.flatten(0, 1));
        return maps.reshape(b, t, maps.shape[1], maps.shape[2], maps.shape[3]);
    }
}
