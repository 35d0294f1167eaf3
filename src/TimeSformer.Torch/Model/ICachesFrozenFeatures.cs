namespace TimeSformer.Torch.Model;

/// <summary>A model that keeps the features of a frozen network per clip, keyed by the clip's values
/// (<see cref="ResNet18Gru"/>, <see cref="ResNet18TimeSformer"/>). The <see cref="Training.Trainer"/> gives it fixed
/// clip draws and no per-step shift or zoom (<see cref="Training.TrainingOptions.ForCachedFeatures"/>): any fresh
/// variation would make every clip new to the cache and run the frozen network at every step.</summary>
/// <remarks>The cache assumes the frozen buffers do not change after the first forward (<see cref="ClearFeatureCache"/>
/// after loading other weights into a model that already ran).</remarks>
public interface ICachesFrozenFeatures
{
    /// <summary>Clips whose features the cache holds at most; further clips are computed every time. 0 turns the cache
    /// off.</summary>
    int FeatureCacheCapacity { get; set; }

    /// <summary>Clips whose features came from the cache.</summary>
    long FeatureCacheHits { get; }

    /// <summary>Clips whose features the frozen network computed.</summary>
    long FeatureCacheMisses { get; }

    /// <summary>Forgets every cached feature.</summary>
    void ClearFeatureCache();
}
