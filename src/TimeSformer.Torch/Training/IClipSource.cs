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
}
