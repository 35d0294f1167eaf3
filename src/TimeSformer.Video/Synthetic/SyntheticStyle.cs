using OpenCvSharp;

namespace TimeSformer.Video.Synthetic;

/// <summary>The look shared by one group: background texture and colours, and the object's shape.</summary>
internal sealed class SyntheticStyle
{
    private static readonly Point2d[][] Shapes =
    [
        [new(1, 0), new(-0.6, 0.55), new(-0.6, -0.55)],                                   // pointed triangle
        [new(0.9, 0.42), new(-0.9, 0.42), new(-0.9, -0.42), new(0.9, -0.42)],             // bar
        [new(1, 0.2), new(-0.4, 0.2), new(-0.4, 1), new(-0.9, 1), new(-0.9, -0.4), new(1, -0.4)], // L
        [new(1, 0), new(0.1, 0.7), new(0.1, 0.3), new(-0.9, 0.3), new(-0.9, -0.3), new(0.1, -0.3), new(0.1, -0.7)], // arrow
        [new(1, 0.1), new(0.2, 0.9), new(-0.8, 0.5), new(-0.7, -0.6), new(0.3, -0.8)],   // irregular pentagon
    ];

    public SyntheticStyle(Random random)
    {
        Texture = random.Next(5);
        Shape = Shapes[random.Next(Shapes.Length)];
        Dark = random.Next(2) == 0;
        // A background of moderate texture contrast on one side of mid-grey; objects come from the other side.
        Color1 = RandomColor(random, Dark ? 20 : 150, Dark ? 105 : 235);
        Color2 = new Vec3b(Shift(Color1.Item0, random), Shift(Color1.Item1, random), Shift(Color1.Item2, random));
        Angle = random.NextDouble() * Math.PI;
        Period = 6 + random.Next(12);
    }

    /// <summary>0 plain, 1 gradient, 2 stripes, 3 checker, 4 blobs.</summary>
    public int Texture { get; }

    /// <summary>Unit polygon (farthest vertex at distance 1 or slightly more), pointing along +x.</summary>
    public Point2d[] Shape { get; }

    public bool Dark { get; }

    public Vec3b Color1 { get; }

    public Vec3b Color2 { get; }

    public double Angle { get; }

    public int Period { get; }

    /// <summary>An object colour that contrasts with the background.</summary>
    public Vec3b ObjectColor(Random random) => Dark ? RandomColor(random, 170, 255) : RandomColor(random, 0, 85);

    /// <summary>Writes the static background of <paramref name="kind"/> into <paramref name="frame"/>;
    /// <paramref name="phase"/> shifts the texture, <paramref name="random"/> places blobs and noise cells.</summary>
    public void DrawBackground(Mat frame, SyntheticBackground kind, double phase, Random random)
    {
        // The group's own texture, or the one the kind asks for (5: random cells); Clutter adds its discs per frame.
        int texture = kind switch
        {
            SyntheticBackground.Flat => 0,
            SyntheticBackground.Gradient => 1,
            SyntheticBackground.Noise => 5,
            _ => Texture,
        };
        int width = frame.Cols, height = frame.Rows;
        double[]? cells = texture == 5 ? NoiseCells(width, height, random) : null;
        var pixels = frame.AsSpan<Vec3b>();
        double cos = Math.Cos(Angle), sin = Math.Sin(Angle), diagonal = Math.Sqrt(width * width + height * height);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                double along = x * cos + y * sin + phase;
                pixels[y * width + x] = texture switch
                {
                    5 => Mix(Color1, Color2, cells![y / NoiseCell * CellsAlong(width) + x / NoiseCell]),
                    1 => Mix(Color1, Color2, Math.Clamp(along / diagonal, 0, 1)),
                    2 => (int)Math.Floor(along / Period) % 2 == 0 ? Color1 : Color2,
                    3 => ((int)((x + phase) / Period) + (int)((y + phase) / Period)) % 2 == 0 ? Color1 : Color2,
                    _ => Color1,
                };
            }
        }
        if (texture != 4) return;
        for (int i = 0; i < 6; i++)
        {
            var centre = new Point(random.Next(width), random.Next(height));
            var c = Color2;
            Cv2.Circle(frame, centre, 2 + random.Next(Math.Max(3, width / 8)), new Scalar(c.Item0, c.Item1, c.Item2), -1, LineTypes.AntiAlias);
        }
    }

    private const int NoiseCell = 4;

    private static int CellsAlong(int pixels) => (pixels + NoiseCell - 1) / NoiseCell;

    // One mixing weight per cell: fine enough to be texture, coarse enough to survive JPEG and H.264.
    private static double[] NoiseCells(int width, int height, Random random) =>
        [.. Enumerable.Range(0, CellsAlong(width) * CellsAlong(height)).Select(_ => random.NextDouble())];

    private static Vec3b RandomColor(Random random, int low, int high) =>
        new((byte)random.Next(low, high + 1), (byte)random.Next(low, high + 1), (byte)random.Next(low, high + 1));

    private static byte Shift(byte value, Random random) => (byte)Math.Clamp(value + random.Next(-40, 41), 0, 255);

    private static Vec3b Mix(Vec3b a, Vec3b b, double t) => new(
        (byte)Math.Round(a.Item0 + (b.Item0 - a.Item0) * t),
        (byte)Math.Round(a.Item1 + (b.Item1 - a.Item1) * t),
        (byte)Math.Round(a.Item2 + (b.Item2 - a.Item2) * t));
}
