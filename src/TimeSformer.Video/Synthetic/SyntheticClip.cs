using OpenCvSharp;

namespace TimeSformer.Video.Synthetic;

/// <summary>
/// One clip of the synthetic motion set: what it is (class, group, split, file) and what it shows. The frames are a
/// pure function of the clip, so tests can compare decoded pixels with <see cref="RenderFrame"/> and
/// <see cref="StateAt"/>.
/// </summary>
public sealed class SyntheticClip
{
    private readonly SyntheticStyle style;
    private readonly int seed;
    private readonly int noise;
    private readonly ObjectState start;
    private readonly double speed;
    private readonly double phase;
    private readonly Vec3b objectColor;
    private readonly Lazy<byte[]> background;
    private readonly SyntheticBackground backgroundKind;
    private readonly ClutterDisc[] clutter;

    internal SyntheticClip(MotionClass motion, int group, int index, string split, SyntheticStyle style, SyntheticMotionOptions options, int seed)
    {
        Motion = motion;
        Group = group;
        Index = index;
        Split = split;
        this.style = style;
        this.seed = seed;
        noise = options.Noise;
        Width = options.Width;
        Height = options.Height;
        var random = new Random(seed);
        FrameCount = random.Next(options.MinFrames, options.MaxFrames + 1);
        double side = Math.Min(Width, Height);
        double radius = side * (options.MinObjectSize + random.NextDouble() * (options.MaxObjectSize - options.MinObjectSize));
        // The same start distribution for every class, so the first frame says nothing about the class. The start is
        // anywhere on the wrapping frame: kept off the edges, a large object would start near the centre, and the rows
        // a drift then visits would give its direction away to a model that sees each frame alone.
        start = new ObjectState(random.NextDouble() * Width, random.NextDouble() * Height, radius, random.NextDouble() * 360);
        speed = options.MinSpeed + random.NextDouble() * (options.MaxSpeed - options.MinSpeed);
        phase = random.NextDouble() * 64;
        objectColor = style.ObjectColor(random);
        background = new Lazy<byte[]>(DrawBackground);
        backgroundKind = options.Background;
        // A random stream of its own, so the default kinds draw exactly what they drew before clutter existed.
        var clutterRandom = new Random(unchecked(seed * 31 + 0x2545F491));
        clutter = backgroundKind == SyntheticBackground.Clutter
            ? [.. Enumerable.Range(0, options.ClutterCount).Select(_ => ClutterDisc.Create(clutterRandom, Width, Height, style))]
            : [];
    }

    /// <summary>The class.</summary>
    public MotionClass Motion { get; }

    /// <summary>The class label as written to the manifest, e.g. <c>move_left</c>.</summary>
    public string Label => SyntheticMotionDataset.ClassName(Motion);

    /// <summary>Group number, 1-based (the <c>gNN</c> of the file name).</summary>
    public int Group { get; }

    /// <summary>Clip number within its class and group, 1-based (the <c>cMM</c> of the file name).</summary>
    public int Index { get; }

    /// <summary><c>train</c> or <c>test</c>.</summary>
    public string Split { get; }

    /// <summary>Frames in the clip.</summary>
    public int FrameCount { get; }

    /// <summary>Frame width in pixels.</summary>
    public int Width { get; }

    /// <summary>Frame height in pixels.</summary>
    public int Height { get; }

    /// <summary>The file name without folder, e.g. <c>v_move_left_g01_c02.avi</c>.</summary>
    public string FileName(SyntheticContainer container) =>
        $"v_{Label}_g{Group:00}_c{Index:00}{ClipFileWriter.Extension(container)}";

    /// <summary>The object's position, size and angle in frame <paramref name="frame"/>.</summary>
    public ObjectState StateAt(int frame)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frame);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(frame, FrameCount);
        double p = (double)frame / (FrameCount - 1);
        double side = Math.Min(Width, Height);
        var s = start;
        s = Motion switch
        {
            MotionClass.MoveLeft => s with { CenterX = s.CenterX - speed * side * p },
            MotionClass.MoveRight => s with { CenterX = s.CenterX + speed * side * p },
            MotionClass.MoveUp => s with { CenterY = s.CenterY - speed * side * p },
            MotionClass.MoveDown => s with { CenterY = s.CenterY + speed * side * p },
            MotionClass.Grow => s with { Radius = s.Radius * Math.Pow(1 + speed, p) },
            MotionClass.Shrink => s with { Radius = s.Radius / Math.Pow(1 + speed, p) },
            MotionClass.RotateClockwise => s with { AngleDegrees = s.AngleDegrees + 360 * speed * p },
            MotionClass.RotateCounterclockwise => s with { AngleDegrees = s.AngleDegrees - 360 * speed * p },
            _ => throw new InvalidOperationException($"Unknown motion {Motion}."),
        };
        return s with
        {
            CenterX = Wrap(s.CenterX, Width),
            CenterY = Wrap(s.CenterY, Height),
            AngleDegrees = Wrap(s.AngleDegrees, 360),
        };
    }

    /// <summary>Draws frame <paramref name="frame"/> exactly as it is encoded (8-bit BGR); the caller disposes it.</summary>
    public Mat RenderFrame(int frame)
    {
        var state = StateAt(frame);
        var image = new Mat(Height, Width, MatType.CV_8UC3);
        background.Value.CopyTo(image.AsSpan<byte>());
        foreach (var disc in clutter) disc.Draw(image, frame);
        DrawObject(image, state);
        if (noise > 0) AddNoise(image, noise, new Random(unchecked(seed * 1_000_003 + frame * 7919 + 17)));
        return image;
    }

    // The background is static: drawn once per clip.
    private byte[] DrawBackground()
    {
        using var image = new Mat(Height, Width, MatType.CV_8UC3);
        style.DrawBackground(image, backgroundKind, phase, new Random(seed ^ 0x5bd1e995));
        return image.AsSpan<byte>().ToArray();
    }

    private void DrawObject(Mat image, ObjectState state)
    {
        const int shift = 4; // sub-pixel vertex precision: 1/16 pixel
        double angle = state.AngleDegrees * Math.PI / 180, cos = Math.Cos(angle), sin = Math.Sin(angle);
        Point ToPixel(double x, double y, double dx, double dy) => new(
            (int)Math.Round((state.CenterX + dx + state.Radius * (x * cos - y * sin)) * (1 << shift)),
            (int)Math.Round((state.CenterY + dy + state.Radius * (x * sin + y * cos)) * (1 << shift)));
        var body = new Scalar(objectColor.Item0, objectColor.Item1, objectColor.Item2);
        var mark = new Scalar(255 - objectColor.Item0, 255 - objectColor.Item1, 255 - objectColor.Item2);
        int markRadius = (int)Math.Round(Math.Max(1, 0.25 * state.Radius) * (1 << shift));
        // Copies shifted by a frame size make an object leaving one edge re-enter at the other.
        double reach = 1.5 * state.Radius;
        foreach (int dx in new[] { -Width, 0, Width })
        {
            foreach (int dy in new[] { -Height, 0, Height })
            {
                if (state.CenterX + dx + reach < 0 || state.CenterX + dx - reach > Width
                    || state.CenterY + dy + reach < 0 || state.CenterY + dy - reach > Height)
                    continue;
                var polygon = style.Shape.Select(v => ToPixel(v.X, v.Y, dx, dy)).ToArray();
                Cv2.FillPoly(image, [polygon], body, LineTypes.AntiAlias, shift);
                Cv2.Circle(image, ToPixel(0.35, -0.05, dx, dy), markRadius, mark, -1, LineTypes.AntiAlias, shift);
            }
        }
    }

    // Uniform noise in [-amplitude, amplitude], fresh every frame.
    private static void AddNoise(Mat image, int amplitude, Random random)
    {
        var pixels = image.AsSpan<byte>();
        var draws = new byte[pixels.Length];
        random.NextBytes(draws);
        int range = 2 * amplitude + 1;
        for (int i = 0; i < pixels.Length; i++)
            pixels[i] = (byte)Math.Clamp(pixels[i] + draws[i] % range - amplitude, 0, 255);
    }

    internal static double Wrap(double value, double period) => ((value % period) + period) % period;
}
