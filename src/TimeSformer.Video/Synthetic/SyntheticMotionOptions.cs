namespace TimeSformer.Video.Synthetic;

/// <summary>What <see cref="SyntheticMotionDataset.Generate"/> draws. Every range is inclusive.</summary>
public sealed record SyntheticMotionOptions
{
    /// <summary>The classes to generate; all eight by default.</summary>
    public IReadOnlyList<MotionClass> Classes { get; init; } = Enum.GetValues<MotionClass>();

    /// <summary>Clips per class, spread evenly over the groups.</summary>
    public int ClipsPerClass { get; init; } = 32;

    /// <summary>Groups (visual styles: background texture, colours, shape). Group gNN looks alike in every class, and
    /// a group is wholly in the training or the test split, so the test measures generalisation to new styles.</summary>
    public int Groups { get; init; } = 8;

    /// <summary>Fraction of the groups put in the test split.</summary>
    public double TestFraction { get; init; } = 0.25;

    /// <summary>Frame width in pixels.</summary>
    public int Width { get; init; } = 64;

    /// <summary>Frame height in pixels.</summary>
    public int Height { get; init; } = 64;

    /// <summary>Fewest frames in a clip.</summary>
    public int MinFrames { get; init; } = 24;

    /// <summary>Most frames in a clip.</summary>
    public int MaxFrames { get; init; } = 40;

    /// <summary>Frame rate written to the container.</summary>
    public double Fps { get; init; } = 25;

    /// <summary>File format.</summary>
    public SyntheticContainer Container { get; init; } = SyntheticContainer.AviMjpg;

    /// <summary>The ffmpeg executable that encodes <see cref="SyntheticContainer.Mp4H264"/> (a name looked up on the PATH,
    /// or a path).</summary>
    public string FfmpegPath { get; init; } = "ffmpeg";

    /// <summary>What lies behind the object.</summary>
    public SyntheticBackground Background { get; init; } = SyntheticBackground.Styled;

    /// <summary>Distractor discs drawn by <see cref="SyntheticBackground.Clutter"/>.</summary>
    public int ClutterCount { get; init; } = 6;

    /// <summary>Amplitude of the per-frame uniform pixel noise (0 to 127; 0 = none).</summary>
    public int Noise { get; init; } = 10;

    /// <summary>Smallest object radius at the first frame, as a fraction of the shorter frame side. Large enough that a
    /// turn carries the object's outline across patch boundaries at the small presets' resolution (a 32-pixel clip cut
    /// into 8-pixel patches): smaller objects turn inside one or two patches, and the small models then tell rotation
    /// from drift but barely clockwise from anticlockwise (docs/training-experiments.md).</summary>
    public double MinObjectSize { get; init; } = 0.22;

    /// <summary>Largest object radius at the first frame, as a fraction of the shorter frame side.</summary>
    public double MaxObjectSize { get; init; } = 0.34;

    /// <summary>Least amount of motion over a clip: a drift of this fraction of the frame side, a size change by a
    /// factor of 1 + this, or a turn of this fraction of 360 degrees.</summary>
    public double MinSpeed { get; init; } = 0.5;

    /// <summary>Most motion over a clip, in the units of <see cref="MinSpeed"/>.</summary>
    public double MaxSpeed { get; init; } = 0.8;

    /// <summary>Seed: the same options write byte-identical frames.</summary>
    public int Seed { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        static void Require(bool ok, string message)
        {
            if (!ok) throw new ArgumentException($"SyntheticMotionOptions.{message}");
        }
        Require(Classes.Count > 0 && Classes.Distinct().Count() == Classes.Count, "Classes must be non-empty and distinct.");
        Require(Groups >= 1, $"Groups must be at least 1, was {Groups}.");
        Require(ClipsPerClass >= Groups, $"ClipsPerClass ({ClipsPerClass}) must be at least Groups ({Groups}).");
        Require(TestFraction is >= 0 and < 1, $"TestFraction must be in [0, 1), was {TestFraction}.");
        Require(Width >= 16 && Height >= 16, $"Width and Height must be at least 16, were {Width}x{Height}.");
        Require(Container == SyntheticContainer.AviMjpg || (Width % 2 == 0 && Height % 2 == 0), $"Width and Height must be even for {Container}.");
        Require(Container != SyntheticContainer.Mp4H264 || !string.IsNullOrWhiteSpace(FfmpegPath), "FfmpegPath must name an executable for Mp4H264.");
        Require(Enum.IsDefined(Background), $"Background {Background} is not a known kind.");
        Require(ClutterCount is >= 0 and <= 64, $"ClutterCount must be in [0, 64], was {ClutterCount}.");
        Require(MinFrames >= 2 && MaxFrames >= MinFrames, $"Frames need 2 <= MinFrames <= MaxFrames, were {MinFrames}..{MaxFrames}.");
        Require(Fps > 0, $"Fps must be positive, was {Fps}.");
        Require(Noise is >= 0 and <= 127, $"Noise must be in [0, 127], was {Noise}.");
        Require(MinObjectSize > 0 && MaxObjectSize >= MinObjectSize && MaxObjectSize <= 0.4, $"Object sizes need 0 < Min <= Max <= 0.4, were {MinObjectSize}..{MaxObjectSize}.");
        Require(MinSpeed > 0 && MaxSpeed >= MinSpeed && MaxSpeed <= 1.5, $"Speeds need 0 < Min <= Max <= 1.5, were {MinSpeed}..{MaxSpeed}.");
    }
}
