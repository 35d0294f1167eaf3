namespace TimeSformer.Torch.Training;

/// <summary>Derives independent, reproducible seeds from a run seed and indices (SplitMix64 finaliser;
/// <see cref="HashCode"/> is randomised per process, so it cannot be used).</summary>
internal static class SeedMixer
{
    public static int Mix(int seed, params long[] parts)
    {
        ulong h = (ulong)(uint)seed + 0x9E3779B97F4A7C15UL;
        foreach (long part in parts)
        {
            h ^= (ulong)part + 0x9E3779B97F4A7C15UL + (h << 6) + (h >> 2);
            h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9UL;
            h = (h ^ (h >> 27)) * 0x94D049BB133111EBUL;
            h ^= h >> 31;
        }
        return (int)(h & 0x7FFFFFFF);
    }
}
