using TimeSformer.Video.Synthetic;

namespace TimeSformer.Video.Photographic;

/// <summary>What <see cref="PhotoBenchmark.Generate"/> makes. Every range is inclusive.</summary>
public sealed record PhotoBenchmarkOptions
{
    /// <summary>The motions of the scene-motion set, crossed with every kind; the smaller default keeps the classes
    /// few. The camera set always has all eight.</summary>
    public static IReadOnlyList<CameraMotion> DefaultSceneMotions { get; } =
        [CameraMotion.PanLeft, CameraMotion.PanRight, CameraMotion.ZoomIn, CameraMotion.ZoomOut];

    /// <summary>Which set to make.</summary>
    public PhotoBenchmarkSet Set { get; init; } = PhotoBenchmarkSet.Camera;

    /// <summary>The motions of <see cref="PhotoBenchmarkSet.SceneMotion"/> (ignored by the camera set).</summary>
    public IReadOnlyList<CameraMotion> SceneMotions { get; init; } = DefaultSceneMotions;

    /// <summary>Clips per class, spread evenly over the class's photographs; at least the photographs of a class, so
    /// every photograph is filmed with every motion.</summary>
    public int ClipsPerClass { get; init; } = 48;

    /// <summary>Fraction of the photographs (of each kind) whose clips all go to the test split: at least one per
    /// kind, and at least one left for training.</summary>
    public double TestFraction { get; init; } = 0.25;

    /// <summary>Frame width in pixels.</summary>
    public int Width { get; init; } = 160;

    /// <summary>Frame height in pixels.</summary>
    public int Height { get; init; } = 120;

    /// <summary>Fewest frames in a clip.</summary>
    public int MinFrames { get; init; } = 16;

    /// <summary>Most frames in a clip.</summary>
    public int MaxFrames { get; init; } = 24;

    /// <summary>Frame rate written to the container.</summary>
    public double Fps { get; init; } = 25;

    /// <summary>File format, written by the synthetic set's writers.</summary>
    public SyntheticContainer Container { get; init; } = SyntheticContainer.AviMjpg;

    /// <summary>The ffmpeg executable that encodes <see cref="SyntheticContainer.Mp4H264"/>.</summary>
    public string FfmpegPath { get; init; } = "ffmpeg";

    /// <summary>Least motion over a clip: a pan of this fraction of the view's width (or height), a zoom by a factor of
    /// 1 + this, or a roll of this fraction of 90 degrees.</summary>
    public double MinSpeed { get; init; } = 0.3;

    /// <summary>Most motion over a clip, in the units of <see cref="MinSpeed"/>.</summary>
    public double MaxSpeed { get; init; } = 0.6;

    /// <summary>Seed: the same photographs and options write identical frames.</summary>
    public int Seed { get; init; }

    /// <summary>The motions filmed: all eight for the camera set, <see cref="SceneMotions"/> for the scene-motion set.</summary>
    public IReadOnlyList<CameraMotion> Motions => Set == PhotoBenchmarkSet.Camera ? Enum.GetValues<CameraMotion>() : SceneMotions;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        static void Require(bool ok, string message)
        {
            if (!ok) throw new ArgumentException($"PhotoBenchmarkOptions.{message}");
        }
        Require(Enum.IsDefined(Set), $"Set {Set} is not a known set.");
        Require(SceneMotions.Count > 0 && SceneMotions.Distinct().Count() == SceneMotions.Count && SceneMotions.All(Enum.IsDefined),
            "SceneMotions must be non-empty, distinct and known.");
        Require(ClipsPerClass >= 1, $"ClipsPerClass must be at least 1, was {ClipsPerClass}.");
        Require(TestFraction is > 0 and < 1, $"TestFraction must be in (0, 1), was {TestFraction}.");
        Require(Width >= 16 && Height >= 16, $"Width and Height must be at least 16, were {Width}x{Height}.");
        Require(Container == SyntheticContainer.AviMjpg || (Width % 2 == 0 && Height % 2 == 0), $"Width and Height must be even for {Container}.");
        Require(Container != SyntheticContainer.Mp4H264 || !string.IsNullOrWhiteSpace(FfmpegPath), "FfmpegPath must name an executable for Mp4H264.");
        Require(Enum.IsDefined(Container), $"Container {Container} is not a known format.");
        Require(MinFrames >= 2 && MaxFrames >= MinFrames, $"Frames need 2 <= MinFrames <= MaxFrames, were {MinFrames}..{MaxFrames}.");
        Require(Fps > 0, $"Fps must be positive, was {Fps}.");
        Require(MinSpeed > 0 && MaxSpeed >= MinSpeed && MaxSpeed <= 1, $"Speeds need 0 < Min <= Max <= 1, were {MinSpeed}..{MaxSpeed}.");
    }
}
