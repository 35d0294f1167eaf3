using OpenCvSharp;

namespace TimeSformer.MLNet.Tests.Fixtures;

/// <summary>Writes small MJPG .avi files: a solid background with a white square moving left to right, so that
/// colour tells the class and different temporal views and crops see different pixels.</summary>
internal static class TestVideos
{
    public static string Write(string directory, string name, Scalar bgr, int frames = 12, int width = 64, int height = 48)
    {
        string path = Path.Combine(directory, name + ".avi");
        using var writer = new VideoWriter(path, FourCC.MJPG, 10, new Size(width, height));
        if (!writer.IsOpened()) throw new InvalidOperationException($"Cannot open a video writer for '{path}'.");
        using var frame = new Mat(height, width, MatType.CV_8UC3);
        for (int i = 0; i < frames; i++)
        {
            frame.SetTo(bgr);
            int x = i * (width - 12) / Math.Max(1, frames - 1);
            Cv2.Rectangle(frame, new Rect(x, height / 3, 12, 12), Scalar.White, -1);
            writer.Write(frame);
        }
        return path;
    }

    /// <summary>A file with a video extension that holds text.</summary>
    public static string WriteNotAVideo(string directory)
    {
        string path = Path.Combine(directory, "not_a_video.avi");
        File.WriteAllText(path, "this is not a video");
        return path;
    }
}
