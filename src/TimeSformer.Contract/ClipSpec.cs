using System.Globalization;

namespace TimeSformer.Contract;

/// <summary>
/// Describes the clip a model expects: how many frames, which side, how they are sampled and normalised. The
/// exporter writes it into the ONNX model's metadata and the ML.NET side reads it back, so training and scoring
/// preprocess identically.
/// </summary>
/// <remarks>The clip tensor layout is always [T, 3, Size, Size], RGB, channels normalised by
/// <see cref="Mean"/> and <see cref="Std"/> after scaling to [0, 1].</remarks>
public sealed record ClipSpec
{
    /// <summary>Layout name written to metadata: frames, channels, height, width.</summary>
    public const string TchwLayout = "T,C,H,W";

    /// <summary>Frames per clip (T).</summary>
    public int Frames { get; init; } = 8;

    /// <summary>Side of the square crop fed to the model (S).</summary>
    public int Size { get; init; } = 224;

    /// <summary>The short side of each frame is resized to this before cropping; defaults to <see cref="Size"/>.</summary>
    public int ShortSide { get; init; } = 224;

    /// <summary>How a frame is brought to a square before cropping; <see cref="FrameFit.Crop"/> (the official
    /// pipeline) by default and for models whose metadata has no <c>clip.fit</c> entry.</summary>
    public FrameFit Fit { get; init; } = FrameFit.Crop;

    /// <summary>How frames are chosen from the video.</summary>
    public FrameSampling Sampling { get; init; } = FrameSampling.SegmentUniform;

    /// <summary>Frame step for <see cref="FrameSampling.FixedStride"/>; ignored otherwise.</summary>
    public int Stride { get; init; } = 32;

    /// <summary>Per-channel mean (RGB) subtracted after scaling to [0, 1]; official default 0.45.</summary>
    public IReadOnlyList<float> Mean { get; init; } = [0.45f, 0.45f, 0.45f];

    /// <summary>Per-channel standard deviation (RGB) divided after subtracting the mean; official default 0.225.</summary>
    public IReadOnlyList<float> Std { get; init; } = [0.225f, 0.225f, 0.225f];

    /// <summary>Number of float values in one clip: T * 3 * S * S.</summary>
    public int ValueCount => checked(Frames * 3 * Size * Size);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        if (Frames < 1) throw new ArgumentException($"ClipSpec.Frames must be at least 1, was {Frames}.");
        if (Size < 1) throw new ArgumentException($"ClipSpec.Size must be at least 1, was {Size}.");
        if (ShortSide < Size) throw new ArgumentException($"ClipSpec.ShortSide ({ShortSide}) must be at least Size ({Size}).");
        if (Stride < 1) throw new ArgumentException($"ClipSpec.Stride must be at least 1, was {Stride}.");
        if (Mean.Count != 3 || Std.Count != 3) throw new ArgumentException("ClipSpec.Mean and ClipSpec.Std need 3 values (R, G, B).");
        if (Std.Any(s => s <= 0)) throw new ArgumentException("ClipSpec.Std values must be positive.");
    }

    /// <summary>Writes the spec as metadata entries (keys prefixed <c>clip.</c>).</summary>
    public IEnumerable<KeyValuePair<string, string>> ToMetadata()
    {
        yield return new("clip.frames", Frames.ToString(CultureInfo.InvariantCulture));
        yield return new("clip.size", Size.ToString(CultureInfo.InvariantCulture));
        yield return new("clip.short_side", ShortSide.ToString(CultureInfo.InvariantCulture));
        yield return new("clip.fit", Fit.ToString());
        yield return new("clip.sampling", Sampling.ToString());
        yield return new("clip.stride", Stride.ToString(CultureInfo.InvariantCulture));
        yield return new("clip.mean", FormatFloats(Mean));
        yield return new("clip.std", FormatFloats(Std));
        yield return new("clip.layout", TchwLayout);
    }

    /// <summary>Reads a spec written by <see cref="ToMetadata"/>; throws <see cref="FormatException"/> naming a
    /// missing or malformed key.</summary>
    public static ClipSpec FromMetadata(IReadOnlyDictionary<string, string> metadata)
    {
        string Get(string key) => metadata.TryGetValue(key, out var value)
            ? value
            : throw new FormatException($"Model metadata has no '{key}' entry: it was not exported by TimeSformer.MLNet.");
        int GetInt(string key) => int.TryParse(Get(key), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v)
            ? v
            : throw new FormatException($"Model metadata '{key}' is not an integer: '{Get(key)}'.");
        if (metadata.TryGetValue("clip.layout", out var layout) && layout != TchwLayout)
            throw new FormatException($"Model metadata 'clip.layout' is '{layout}'; only '{TchwLayout}' is supported.");
        var spec = new ClipSpec
        {
            Frames = GetInt("clip.frames"),
            Size = GetInt("clip.size"),
            ShortSide = GetInt("clip.short_side"),
            // Models exported before the entry existed were all cropped.
            Fit = !metadata.TryGetValue("clip.fit", out var fit) ? FrameFit.Crop
                : Enum.TryParse<FrameFit>(fit, out var parsed) && Enum.IsDefined(parsed) ? parsed
                : throw new FormatException($"Model metadata 'clip.fit' is unknown: '{fit}'."),
            Sampling = Enum.TryParse<FrameSampling>(Get("clip.sampling"), out var sampling)
                ? sampling
                : throw new FormatException($"Model metadata 'clip.sampling' is unknown: '{Get("clip.sampling")}'."),
            Stride = GetInt("clip.stride"),
            Mean = ParseFloats(Get("clip.mean"), "clip.mean"),
            Std = ParseFloats(Get("clip.std"), "clip.std"),
        };
        spec.Validate();
        return spec;
    }

    /// <summary>Value equality that compares <see cref="Mean"/> and <see cref="Std"/> element-wise.</summary>
    public bool Equals(ClipSpec? other) =>
        other is not null && Frames == other.Frames && Size == other.Size && ShortSide == other.ShortSide
        && Fit == other.Fit && Sampling == other.Sampling && Stride == other.Stride
        && Mean.SequenceEqual(other.Mean) && Std.SequenceEqual(other.Std);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Frames, Size, ShortSide, Fit, Sampling, Stride);

    private static string FormatFloats(IEnumerable<float> values) =>
        string.Join(",", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));

    private static float[] ParseFloats(string text, string key)
    {
        var parts = text.Split(',');
        var values = new float[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!float.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
                throw new FormatException($"Model metadata '{key}' is not a list of numbers: '{text}'.");
        return values;
    }
}
