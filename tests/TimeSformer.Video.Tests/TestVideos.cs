using OpenCvSharp;

namespace TimeSformer.Video.Tests;

/// <summary>Small videos written once per test run into a temporary folder.</summary>
[TestClass]
public static class TestVideos
{
    public const int CodedFrames = 30;
    public const int CodedWidth = 64;
    public const int CodedHeight = 48;
    public const double CodedFps = 25;

    public static string Folder { get; private set; } = "";

    [AssemblyInitialize]
    public static void Initialize(TestContext _)
    {
        Folder = Path.Combine(Path.GetTempPath(), "tsf-video-tests-" + Environment.ProcessId);
        Directory.CreateDirectory(Folder);
    }

    [AssemblyCleanup]
    public static void Cleanup()
    {
        if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
    }

    public static string FourCCOf(string extension) => extension == ".avi" ? "MJPG" : "mp4v";

    /// <summary>A video whose frame i shows i in binary as white or black 8-pixel columns (bit b in column b), so the
    /// identity of a decoded frame survives lossy codecs.</summary>
    public static string IndexCoded(string extension) => Cached($"coded{extension}", path =>
        Write(path, CodedFrames, CodedWidth, CodedHeight, CodedFrame));

    public static Mat CodedFrame(int index)
    {
        var image = Solid(CodedWidth, CodedHeight, Scalar.Black);
        for (int bit = 0; bit < 8; bit++)
            if ((index >> bit & 1) == 1) image[new Rect(bit * 8, 0, 8, CodedHeight)].SetTo(Scalar.White);
        return image;
    }

    /// <summary>Reads back which frame of <see cref="IndexCoded"/> a decoded frame is.</summary>
    public static int CodedIndex(Mat frame)
    {
        int index = 0;
        for (int bit = 0; bit < 8; bit++)
        {
            using var column = frame[new Rect(bit * 8 + 2, 2, 4, frame.Rows - 4)];
            if (column.Mean().Val0 > 128) index |= 1 << bit;
        }
        return index;
    }

    public static string SolidColor(string name, Scalar bgr, int width = 64, int height = 48, int frames = 6, string extension = ".avi") =>
        Cached(name + extension, path => Write(path, frames, width, height, _ => Solid(width, height, bgr)));

    public static Mat Solid(int width, int height, Scalar bgr) => new(height, width, MatType.CV_8UC3, bgr);

    public static void Write(string path, int frames, int width, int height, Func<int, Mat> frame, bool isColor = true)
    {
        using var writer = new VideoWriter(path, FourCC.FromString(FourCCOf(Path.GetExtension(path))), CodedFps, new Size(width, height), isColor);
        Assert.IsTrue(writer.IsOpened(), $"writer for {path}");
        for (int i = 0; i < frames; i++)
        {
            using var image = frame(i);
            writer.Write(image);
        }
    }

    private static readonly Lock Gate = new();

    private static string Cached(string name, Action<string> write)
    {
        string path = Path.Combine(Folder, name);
        lock (Gate)
        {
            if (!File.Exists(path)) write(path);
        }
        return path;
    }
}
