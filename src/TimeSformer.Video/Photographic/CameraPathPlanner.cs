using OpenCvSharp;

namespace TimeSformer.Video.Photographic;

/// <summary>Draws a camera path over a photograph: a random view size, a motion of the asked amount, and a random
/// position at which the whole path stays inside the photograph (so no frame shows a border).</summary>
internal static class CameraPathPlanner
{
    private const double MinViewFraction = 0.45;
    private const double MaxViewFraction = 0.75;
    private const double Shrink = 0.9;
    private const int Samples = 16;

    /// <summary>The first and last pose of a <paramref name="motion"/> of <paramref name="speed"/> (the
    /// <see cref="PhotoBenchmarkOptions.MinSpeed"/> units) over a photograph of <paramref name="photo"/> pixels.</summary>
    public static (CameraPose Start, CameraPose End) Plan(Size photo, int width, int height, CameraMotion motion, double speed, Random random)
    {
        double fit = Math.Min((double)photo.Width / width, (double)photo.Height / height);
        double scale = fit * (MinViewFraction + random.NextDouble() * (MaxViewFraction - MinViewFraction));
        double u = random.NextDouble(), v = random.NextDouble();
        while (true)
        {
            var start = new CameraPose(0, 0, scale, 0);
            var end = EndOf(start, motion, speed, width, height);
            var (minX, minY, maxX, maxY) = Reach(start, end, width, height);
            if (maxX - minX <= photo.Width - 1 && maxY - minY <= photo.Height - 1)
            {
                // Shift the path so that its reach lies at a random place inside the photograph.
                double x = -minX + u * (photo.Width - 1 - (maxX - minX)), y = -minY + v * (photo.Height - 1 - (maxY - minY));
                return (start with { CenterX = x, CenterY = y }, end with { CenterX = end.CenterX + x, CenterY = end.CenterY + y });
            }
            scale *= Shrink;
        }
    }

    private static CameraPose EndOf(CameraPose start, CameraMotion motion, double speed, int width, int height) => motion switch
    {
        // The camera moves; the content moves the other way on screen.
        CameraMotion.PanLeft => start with { CenterX = -speed * start.Scale * width },
        CameraMotion.PanRight => start with { CenterX = speed * start.Scale * width },
        CameraMotion.PanUp => start with { CenterY = -speed * start.Scale * height },
        CameraMotion.PanDown => start with { CenterY = speed * start.Scale * height },
        CameraMotion.ZoomIn => start with { Scale = start.Scale / (1 + speed) },
        CameraMotion.ZoomOut => start with { Scale = start.Scale * (1 + speed) },
        CameraMotion.RollClockwise => start with { RollDegrees = 90 * speed },
        CameraMotion.RollCounterclockwise => start with { RollDegrees = -90 * speed },
        _ => throw new ArgumentOutOfRangeException(nameof(motion), $"Unknown camera motion {motion}."),
    };

    // The box the frame's corners sweep over the path, sampled finely enough for a roll.
    private static (double MinX, double MinY, double MaxX, double MaxY) Reach(CameraPose start, CameraPose end, int width, int height)
    {
        double minX = double.MaxValue, minY = double.MaxValue, maxX = double.MinValue, maxY = double.MinValue;
        for (int k = 0; k <= Samples; k++)
        {
            var m = start.Toward(end, (double)k / Samples).FrameToPhoto(width, height);
            foreach (var (cx, cy) in new[] { (0.0, 0.0), (width - 1.0, 0.0), (0.0, height - 1.0), (width - 1.0, height - 1.0) })
            {
                double x = m[0] * cx + m[1] * cy + m[2], y = m[3] * cx + m[4] * cy + m[5];
                (minX, maxX, minY, maxY) = (Math.Min(minX, x), Math.Max(maxX, x), Math.Min(minY, y), Math.Max(maxY, y));
            }
        }
        return (minX, minY, maxX, maxY);
    }
}
