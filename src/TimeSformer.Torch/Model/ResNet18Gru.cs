using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TimeSformer.Torch.Model;

/// <summary>
/// The classic CNN-RNN video baseline: a frozen ImageNet-pretrained ResNet18 (<see cref="FrozenResNet18"/>) turns
/// every frame into a pooled 512-d feature, a GRU runs over the T features, and a linear head reads its last hidden
/// state. Takes the same [B, T, 3, S, S] clips as the other models. Only the GRU and the head are parameters.
/// </summary>
/// <remarks>The frozen features of a clip are computed once and cached by the clip's content
/// (<see cref="ICachesFrozenFeatures"/>): a video's evaluation clip and each augmentation draw cost ResNet18 once per
/// run, however many epochs read them.</remarks>
public sealed class ResNet18Gru : Module<Tensor, Tensor>, ICachesFrozenFeatures
{
    private readonly FrozenResNet18 backbone;
    private readonly GRU gru;
    private readonly Dropout head_drop;
    private readonly Linear head;
    private readonly FrozenFeatureCache featureCache = new(65_536);

    /// <summary>Creates the model with a zero backbone and a randomly initialised GRU and head: a checkpoint fills the
    /// backbone (<see cref="Checkpoints.CheckpointLoader"/>), or use <see cref="Checkpoints.ResNet18OnnxImport.CreateModel(ResNet18GruOptions, string?)"/>
    /// for the pretrained one.</summary>
    public ResNet18Gru(ResNet18GruOptions options) : base(nameof(ResNet18Gru))
    {
        options.Validate();
        OneDnnCpuIsa.Apply();
        Options = options;
        backbone = new FrozenResNet18(options.BackboneSize);
        gru = GRU(ResNet18GruOptions.FeatureWidth, options.HiddenSize, options.RnnLayers, batchFirst: true);
        head_drop = Dropout(options.HeadDropRate);
        head = Linear(options.HiddenSize, options.NumClasses);
        RegisterComponents();
        InitialWeights.Remember(this);
    }

    /// <summary>The configuration.</summary>
    public ResNet18GruOptions Options { get; }

    /// <summary>The frozen per-frame network.</summary>
    public FrozenResNet18 Backbone => backbone;

    /// <inheritdoc />
    /// <remarks>65,536 by default: 16 KB a clip at 8 frames.</remarks>
    public int FeatureCacheCapacity { get => featureCache.Capacity; set => featureCache.Capacity = value; }

    /// <inheritdoc />
    public long FeatureCacheHits => featureCache.Hits;

    /// <inheritdoc />
    public long FeatureCacheMisses => featureCache.Misses;

    /// <inheritdoc />
    public void ClearFeatureCache() => featureCache.Clear();

    /// <summary>Clip [B, T, 3, S, S] to logits [B, classes].</summary>
    public override Tensor forward(Tensor x)
    {
        long t = Options.Frames, s = Options.ImageSize;
        if (x.dim() != 5 || x.shape[1] != t || x.shape[2] != 3 || x.shape[3] != s || x.shape[4] != s)
            throw new ArgumentException($"ResNet18Gru expects clips [B, {t}, 3, {s}, {s}]; got [{string.Join(", ", x.shape)}].");
        using var scope = NewDisposeScope();
        var features = Features(x);
        var sequence = gru.call(features, null).Item1;
        var last = sequence.select(1, t - 1);
        return head.call(head_drop.call(last)).MoveToOuterDisposeScope();
    }

    /// <summary>The frozen per-frame features [B, T, 512] of clips [B, T, 3, S, S] (no gradient), from the cache where
    /// it holds them.</summary>
    public Tensor Features(Tensor clips) =>
        featureCache.Get(clips, [clips.shape[1], ResNet18GruOptions.FeatureWidth], Compute);

    private Tensor Compute(Tensor clips)
    {
        long b = clips.shape[0], t = clips.shape[1];
        var frames = clips.reshape(b * t, clips.shape[2], clips.shape[3], clips.shape[4]);
        return backbone.call(frames).reshape(b, t, ResNet18GruOptions.FeatureWidth);
    }
}
