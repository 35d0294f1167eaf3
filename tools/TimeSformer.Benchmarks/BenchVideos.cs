using System.Globalization;
using OpenCvSharp;

namespace TimeSformer.Benchmarks;

/// <summary>
/// Makes the 640x480, 30 fps test videos: with ffmpeg, its moving <c>testsrc2</c> pattern as H.264 (x264, key frame
/// every 250 frames, as x264's default) and as Motion JPEG; without it, OpenCV's writer (which cannot encode H.264)
/// makes MPEG-4 Part 2 (<c>mp4v</c>) and Motion JPEG from a drawn moving pattern. Files are cached per request.
/// </summary>
public sealed class BenchVideos(string directory)
{
    /// <summary>Frame width.</summary>
    public const int Width = 640;

    /// <summary>Frame height.</summary>
    public const int Height = 480;

    /// <summary>Frames per second.</summary>
    public const int Fps = 30;

    private readonly Dictionary<(bool, double), BenchVideo> made = [];

    /// <summary>Name of the inter-frame codec used: H.264 with ffmpeg, mp4v without.</summary>
    public static string InterFrameCodec => Ffmpeg.Path is null ? "mp4v" : "H.264";

    /// <summary>A video of <paramref name="seconds"/> in the inter-frame codec (H.264 or mp4v).</summary>
    public BenchVideo InterFrame(double seconds) => Get(interFrame: true, seconds);

    /// <summary>A Motion JPEG video of <paramref name="seconds"/>.</summary>
    public BenchVideo Mjpeg(double seconds) => Get(interFrame: false, seconds);

    private BenchVideo Get(bool interFrame, double seconds)
    {
        if (made.TryGetValue((interFrame, seconds), out var video)) return video;
        Directory.CreateDirectory(directory);
        int frames = (int)Math.Round(seconds * Fps);
        string codec = interFrame ? InterFrameCodec : "MJPEG";
        string path = Path.Combine(directory, $"{codec.Replace(".", "").ToLowerInvariant()}-{seconds:0}s{(interFrame ? ".mp4" : ".avi")}");
        if (Ffmpeg.Path is not null) WithFfmpeg(path, interFrame, frames);
        else WithOpenCv(path, interFrame, frames);
        return made[(interFrame, seconds)] = new BenchVideo(path, codec, seconds, frames);
    }

    private static void WithFfmpeg(string path, bool interFrame, int frames)
    {
        string[] codec = interFrame
            ? ["-c:v", "libx264", "-preset", "veryfast", "-g", "250", "-pix_fmt", "yuv420p"]
            : ["-c:v", "mjpeg", "-q:v", "4", "-pix_fmt", "yuvj420p"];
        Ffmpeg.Run(["-y", "-f", "lavfi", "-i", $"testsrc2=size={Width}x{Height}:rate={Fps}",
            "-frames:v", frames.ToString(CultureInfo.InvariantCulture), .. codec, path]);
    }

    // A gradient sliding under a moving disc and bar, with the frame number: enough detail and motion for the
    // encoders to do real work.
    private static void WithOpenCv(string path, bool interFrame, int frames)
    {
        using var writer = new VideoWriter(path, FourCC.FromString(interFrame ? "mp4v" : "MJPG"), Fps, new Size(Width, Height));
        if (!writer.IsOpened()) throw new InvalidOperationException($"OpenCV cannot write '{path}'.");
        using var wide = new Mat<Vec3b>(Height, Width * 2);
        var pixels = wide.GetIndexer();
        for (int y = 0; y < Height; y++)
            for (int x = 0; x < Width * 2; x++)
                pixels[y, x] = new Vec3b((byte)(x / 5), (byte)(y / 2), (byte)(255 - x % 256));
        for (int f = 0; f < frames; f++)
        {
            using var frame = new Mat(wide, new Rect(f * 4 % Width, 0, Width, Height)).Clone();
            Cv2.Circle(frame, new Point(50 + f * 7 % (Width - 100), Height / 2 + (int)(100 * Math.Sin(f / 15.0))), 40, Scalar.Yellow, -1);
            Cv2.Rectangle(frame, new Rect(f * 3 % Width, 40, 60, 20), Scalar.Red, -1);
            Cv2.PutText(frame, f.ToString(CultureInfo.InvariantCulture), new Point(20, Height - 20), HersheyFonts.HersheySimplex, 1.5, Scalar.White, 3);
            writer.Write(frame);
        }
    }
}
