using System.Runtime.InteropServices;
using System.Security.Cryptography;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TimeSformer.Torch.Model;

/// <summary>
/// The classic CNN-RNN video baseline: a frozen ImageNet-pretrained ResNet18 (<see cref="FrozenResNet18"/>) turns
/// every frame into a pooled 512-d feature, a GRU runs over the T features, and a linear head reads its last hidden
/// state. Takes the same [B, T, 3, S, S] clips as the other models. Only the GRU and the head are parameters.
/// </summary>
/// <remarks>The frozen features of a clip are computed once and cached by the clip's content (a SHA-256 of its
/// values): a video's evaluation clip and each augmentation draw cost ResNet18 once per run, however many epochs
/// read them. The cache assumes the backbone's buffers do not change after the first forward
/// (<see cref="ClearFeatureCache"/> after loading other weights into a model that already ran).</remarks>
public sealed class ResNet18Gru : Module<Tensor, Tensor>, ICachesFrozenFeatures
{
    private readonly FrozenResNet18 backbone;
    private readonly GRU gru;
    private readonly Dropout head_drop;
    private readonly Linear head;
    private readonly Dictionary<UInt128, float[]> featureCache = [];
    private readonly Lock cacheLock = new();

    /// <summary>Creates the model with a zero backbone and a randomly initialised GRU and head: a checkpoint fills the
    /// backbone (<see cref="Checkpoints.CheckpointLoader"/>), or use <see cref="Checkpoints.ResNet18OnnxImport.CreateModel"/>
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

    /// <summary>Clips whose features the cache holds at most (16 KB each at 8 frames); further clips are computed
    /// every time. 0 turns the cache off.</summary>
    public int FeatureCacheCapacity { get; set; } = 65_536;

    /// <summary>Clips whose features came from the cache.</summary>
    public long FeatureCacheHits { get; private set; }

    /// <summary>Clips whose features ResNet18 computed.</summary>
    public long FeatureCacheMisses { get; private set; }

    /// <summary>Forgets every cached feature.</summary>
    public void ClearFeatureCache()
    {
        lock (cacheLock) featureCache.Clear();
    }

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
    public Tensor Features(Tensor clips)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        long b = clips.shape[0], t = clips.shape[1];
        int width = ResNet18GruOptions.FeatureWidth, clipFeatures = (int)t * width;
        if (FeatureCacheCapacity <= 0)
        {
            FeatureCacheMisses += b;
            return Compute(clips).MoveToOuterDisposeScope();
        }
        var values = clips.detach().to(ScalarType.Float32).cpu().contiguous().data<float>().ToArray();
        int clipValues = values.Length / (int)b;
        var keys = new UInt128[b];
        var result = new float[b * clipFeatures];
        var missing = new List<long>();
        lock (cacheLock)
        {
            for (int i = 0; i < b; i++)
            {
                keys[i] = Key(values.AsSpan(i * clipValues, clipValues));
                if (featureCache.TryGetValue(keys[i], out var cached)) cached.CopyTo(result, i * clipFeatures);
                else missing.Add(i);
            }
        }
        FeatureCacheHits += b - missing.Count;
        FeatureCacheMisses += missing.Count;
        if (missing.Count > 0)
        {
            var computed = Compute(clips.index_select(0, tensor(missing.ToArray(), device: clips.device))).cpu().contiguous().data<float>().ToArray();
            lock (cacheLock)
            {
                for (int j = 0; j < missing.Count; j++)
                {
                    var features = computed.AsSpan(j * clipFeatures, clipFeatures);
                    features.CopyTo(result.AsSpan((int)missing[j] * clipFeatures));
                    if (featureCache.Count < FeatureCacheCapacity) featureCache[keys[missing[j]]] = features.ToArray();
                }
            }
        }
        return tensor(result, [b, t, width], device: clips.device).MoveToOuterDisposeScope();
    }

    private Tensor Compute(Tensor clips)
    {
        long b = clips.shape[0], t = clips.shape[1];
        var frames = clips.reshape(b * t, clips.shape[2], clips.shape[3], clips.shape[4]);
        return backbone.call(frames).reshape(b, t, ResNet18GruOptions.FeatureWidth);
    }

    private static UInt128 Key(ReadOnlySpan<float> clip)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(MemoryMarshal.AsBytes(clip), hash);
        return MemoryMarshal.Read<UInt128>(hash);
    }
}
