namespace TimeSformer.Torch.Training;

/// <summary>
/// Labelled clips a <see cref="Trainer"/> reads: each sample yields a [T, 3, S, S] float clip. Implementations must
/// be safe to call from several threads (the prefetcher decodes in the background).
/// </summary>
public interface IClipSource
{
    /// <summary>Number of samples.</summary>
    int Count { get; }

    /// <summary>Class names, indexed by label.</summary>
    IReadOnlyList<string> Labels { get; }

    /// <summary>Clip shape [T, 3, S, S].</summary>
    IReadOnlyList<long> ClipShape { get; }

    /// <summary>Label index of sample <paramref name="index"/>.</summary>
    int LabelOf(int index);

    /// <summary>Loads sample <paramref name="index"/>: the fixed evaluation clip when <paramref name="augmentationSeed"/>
    /// is null, otherwise a training clip (random offsets and crop) drawn from that seed.</summary>
    /// <returns>T*3*S*S floats, layout [T, 3, S, S].</returns>
    float[] Load(int index, int? augmentationSeed);

    /// <summary>Whether the source keeps the clips it loads, so that the draws <see cref="LoadDraws"/> returns together
    /// are served later without decoding: only then does a trainer that cycles through a fixed set of draws ask for a
    /// video's draws together (otherwise all but one would be made and thrown away).</summary>
    bool KeepsClips => false;

    /// <summary>Loads several training clips of sample <paramref name="index"/>, one per seed, each equal to
    /// <see cref="Load"/> with that seed. A source that decodes files reads the file once for all of them (and, if it
    /// <see cref="KeepsClips"/>, keeps them all).</summary>
    /// <returns>One T*3*S*S array per seed, in the order of <paramref name="augmentationSeeds"/>.</returns>
    float[][] LoadDraws(int index, IReadOnlyList<int> augmentationSeeds) => [.. augmentationSeeds.Select(s => Load(index, s))];
}
