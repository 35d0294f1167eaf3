using TimeSformer.Torch.Model;

namespace TimeSformer.Cli.Bench;

/// <summary>Settings of <see cref="LongVideoMemoryBenchmark"/>.</summary>
public sealed record LongVideoMemoryOptions
{
    /// <summary>Folder for the generated videos and model (created; files in it are replaced).</summary>
    public required string WorkDirectory { get; init; }

    /// <summary>Video lengths to measure, in seconds; the first is the reference of <see cref="LongVideoMemoryRow.PeakRatio"/>.</summary>
    public IReadOnlyList<double> Seconds { get; init; } = [10, 60, 180, 300];

    /// <summary>Frame width of the generated videos.</summary>
    public int Width { get; init; } = 640;

    /// <summary>Frame height of the generated videos.</summary>
    public int Height { get; init; } = 480;

    /// <summary>Frame rate of the generated videos.</summary>
    public int Fps { get; init; } = 30;

    /// <summary>Temporal clips per video (K of the K x C views).</summary>
    public int TemporalClips { get; init; } = 4;

    /// <summary>Spatial crops per temporal clip (C of the K x C views).</summary>
    public int SpatialCrops { get; init; } = 3;

    /// <summary>An ONNX model exported by this library; null exports a seeded random TimeSformer of <see cref="Model"/>.</summary>
    public string? ModelPath { get; init; }

    /// <summary>The architecture exported when <see cref="ModelPath"/> is null: by default 8 frames of 64x64, patch 8,
    /// width 128, depth 4, 10 classes (what docs/long-video-memory.md measured).</summary>
    public TimeSformerOptions Model { get; init; } = new()
    {
        NumClasses = 10, ImageSize = 64, PatchSize = 8, Frames = 8, EmbedDim = 128, Depth = 4, NumHeads = 4,
    };

    /// <summary>ONNX Runtime intra-op threads (null: ONNX Runtime's default).</summary>
    public int? IntraOpThreads { get; init; }

    /// <summary>Measurement rounds; each round scores every length once, alternating ascending and descending order.
    /// A row reports the round with the highest peak.</summary>
    public int Rounds { get; init; } = 2;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (Seconds.Count == 0 || Seconds.Any(s => !(s > 0))) throw new ArgumentException("LongVideoMemoryOptions.Seconds needs at least one positive length.");
        if (Width < 16 || Height < 16) throw new ArgumentException($"LongVideoMemoryOptions.Width and Height must be at least 16, were {Width}x{Height}.");
        if (Fps < 1) throw new ArgumentException($"LongVideoMemoryOptions.Fps must be at least 1, was {Fps}.");
        if (TemporalClips < 1 || SpatialCrops is not (1 or 3)) throw new ArgumentException("LongVideoMemoryOptions needs TemporalClips >= 1 and SpatialCrops 1 or 3.");
        if (Rounds < 1) throw new ArgumentException($"LongVideoMemoryOptions.Rounds must be at least 1, was {Rounds}.");
    }
}
