using OpenCvSharp;

namespace TimeSformer.Video.Synthetic;

/// <summary>One distractor of <see cref="SyntheticBackground.Clutter"/>: a disc drifting at a constant velocity, wrapping
/// at the frame edges. It is drawn from the clip's seed alone, so it moves alike in every class.</summary>
internal readonly record struct ClutterDisc(double X, double Y, double VelocityX, double VelocityY, double Radius, Vec3b Color)
{
    /// <summary>A disc of radius 3-8% of the shorter frame side, moving 0.5-1.5% of that side per frame.</summary>
    public static ClutterDisc Create(Random random, int width, int height, SyntheticStyle style)
    {
        double side = Math.Min(width, height);
        double direction = random.NextDouble() * 2 * Math.PI, pace = side * (0.005 + 0.01 * random.NextDouble());
        return new ClutterDisc(random.NextDouble() * width, random.NextDouble() * height,
            pace * Math.Cos(direction), pace * Math.Sin(direction), side * (0.03 + 0.05 * random.NextDouble()), style.ObjectColor(random));
    }

    /// <summary>Draws the disc where it is in <paramref name="frame"/>, with copies across the edges it straddles.</summary>
    public void Draw(Mat image, int frame)
    {
        int width = image.Cols, height = image.Rows;
        double x = SyntheticClip.Wrap(X + VelocityX * frame, width), y = SyntheticClip.Wrap(Y + VelocityY * frame, height);
        var color = new Scalar(Color.Item0, Color.Item1, Color.Item2);
        const int shift = 4;
        foreach (int dx in new[] { -width, 0, width })
            foreach (int dy in new[] { -height, 0, height })
                Cv2.Circle(image, new Point((int)Math.Round((x + dx) * (1 << shift)), (int)Math.Round((y + dy) * (1 << shift))),
                    (int)Math.Round(Radius * (1 << shift)), color, -1, LineTypes.AntiAlias, shift);
    }
}
