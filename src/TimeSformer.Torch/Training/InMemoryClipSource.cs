namespace TimeSformer.Torch.Training;

/// <summary>Clips already in memory (tests, generated data). Training and evaluation clips are identical: no
/// augmentation is possible without the video.</summary>
public sealed class InMemoryClipSource : IClipSource
{
    private readonly IReadOnlyList<float[]> clips;
    private readonly IReadOnlyList<int> labels;

    /// <summary>Wraps <paramref name="clips"/> (each [T, 3, S, S] of <paramref name="clipShape"/>) and their labels.</summary>
    public InMemoryClipSource(IReadOnlyList<float[]> clips, IReadOnlyList<int> labels, IReadOnlyList<string> labelNames, IReadOnlyList<long> clipShape)
    {
        if (clips.Count != labels.Count)
            throw new ArgumentException($"{clips.Count} clips but {labels.Count} labels.");
        long values = clipShape.Aggregate(1L, (a, b) => a * b);
        for (int i = 0; i < clips.Count; i++)
        {
            if (clips[i].Length != values)
                throw new ArgumentException($"Clip {i} has {clips[i].Length} values; shape [{string.Join(", ", clipShape)}] needs {values}.");
            if (labels[i] < 0 || labels[i] >= labelNames.Count)
                throw new ArgumentException($"Label {labels[i]} of clip {i} is outside the {labelNames.Count} classes.");
        }
        this.clips = clips;
        this.labels = labels;
        Labels = labelNames;
        ClipShape = clipShape;
    }

    /// <inheritdoc />
    public int Count => clips.Count;

    /// <inheritdoc />
    public IReadOnlyList<string> Labels { get; }

    /// <inheritdoc />
    public IReadOnlyList<long> ClipShape { get; }

    /// <inheritdoc />
    public int LabelOf(int index) => labels[index];

    /// <inheritdoc />
    public float[] Load(int index, int? augmentationSeed) => clips[index];
}
