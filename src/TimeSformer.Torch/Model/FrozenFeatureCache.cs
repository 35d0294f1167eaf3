using System.Runtime.InteropServices;
using System.Security.Cryptography;
using static TorchSharp.torch;

namespace TimeSformer.Torch.Model;

/// <summary>
/// The per-clip store behind <see cref="ICachesFrozenFeatures"/>: a frozen network's output for each clip, keyed by a
/// SHA-256 of the clip's values, so a clip that comes back (an evaluation clip, a fixed augmentation draw) skips the
/// network. Thread-safe; the features are kept on the CPU as float32 and returned on the clips' device.
/// </summary>
internal sealed class FrozenFeatureCache(int capacity)
{
    private readonly Dictionary<UInt128, float[]> features = [];
    private readonly Lock cacheLock = new();

    /// <summary>Clips held at most; further clips are computed every time. 0 turns the cache off.</summary>
    public int Capacity { get; set; } = capacity;

    /// <summary>Clips whose features came from the cache.</summary>
    public long Hits { get; private set; }

    /// <summary>Clips whose features the network computed.</summary>
    public long Misses { get; private set; }

    /// <summary>Forgets every clip.</summary>
    public void Clear()
    {
        lock (cacheLock) features.Clear();
    }

    /// <summary>The features [B, ..<paramref name="featureShape"/>] of clips [B, ...] (no gradient): cached rows from the
    /// store, the others from <paramref name="compute"/> (clips [M, ...] to features [M, ..featureShape]), which are then
    /// stored while there is room.</summary>
    public Tensor Get(Tensor clips, long[] featureShape, Func<Tensor, Tensor> compute)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        long b = clips.shape[0];
        if (Capacity <= 0)
        {
            Misses += b;
            return compute(clips).MoveToOuterDisposeScope();
        }
        int clipFeatures = checked((int)featureShape.Aggregate(1L, (a, d) => a * d));
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
                if (features.TryGetValue(keys[i], out var cached)) cached.CopyTo(result, i * clipFeatures);
                else missing.Add(i);
            }
        }
        Hits += b - missing.Count;
        Misses += missing.Count;
        if (missing.Count > 0)
        {
            var computed = compute(clips.index_select(0, tensor(missing.ToArray(), device: clips.device)))
                .to(ScalarType.Float32).cpu().contiguous().data<float>().ToArray();
            lock (cacheLock)
            {
                for (int j = 0; j < missing.Count; j++)
                {
                    var row = computed.AsSpan(j * clipFeatures, clipFeatures);
                    row.CopyTo(result.AsSpan((int)missing[j] * clipFeatures));
                    if (features.Count < Capacity) features[keys[missing[j]]] = row.ToArray();
                }
            }
        }
        return tensor(result, [b, .. featureShape], device: clips.device).MoveToOuterDisposeScope();
    }

    private static UInt128 Key(ReadOnlySpan<float> clip)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(MemoryMarshal.AsBytes(clip), hash);
        return MemoryMarshal.Read<UInt128>(hash);
    }
}
