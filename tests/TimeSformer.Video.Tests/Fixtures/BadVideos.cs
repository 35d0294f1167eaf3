using OpenCvSharp;

namespace TimeSformer.Video.Tests.Fixtures;

/// <summary>Broken, odd or lying videos derived from <see cref="TestVideos"/>.</summary>
internal static class BadVideos
{
    /// <summary>The MJPG .avi cut to <paramref name="fraction"/> of its bytes: the header still reports 30 frames.</summary>
    public static string TruncatedAvi(double fraction) => Derived($"truncated{fraction}.avi", ".avi", b => b[..(int)(b.Length * fraction)]);

    /// <summary>The mp4 cut in half: its index (written last) is gone.</summary>
    public static string TruncatedMp4() => Derived("truncated.mp4", ".mp4", b => b[..(b.Length / 2)]);

    /// <summary>The .avi cut just after the start of its frame list.</summary>
    public static string HeaderOnlyAvi() => Derived("header-only.avi", ".avi", b => b[..(IndexOf(b, "movi"u8) + 12)]);

    /// <summary>The .avi with 300 bytes of garbage in the middle of its frames.</summary>
    public static string CorruptMiddleAvi() => Derived("corrupt.avi", ".avi", b =>
    {
        var copy = (byte[])b.Clone();
        for (int i = b.Length / 2; i < b.Length / 2 + 300; i++) copy[i] = (byte)(i * 37);
        return copy;
    });

    public static string TextFile()
    {
        string path = Path.Combine(TestVideos.Folder, "notes.mp4");
        File.WriteAllText(path, "this is a text file, not a video\n");
        return path;
    }

    /// <summary>A single-channel MJPG video of grey level 90.</summary>
    public static string Grayscale()
    {
        string path = Path.Combine(TestVideos.Folder, "gray.avi");
        if (!File.Exists(path))
            TestVideos.Write(path, 4, 32, 24, _ => new Mat(24, 32, MatType.CV_8UC1, Scalar.All(90)), isColor: false);
        return path;
    }

    private static string Derived(string name, string source, Func<byte[], byte[]> change)
    {
        string path = Path.Combine(TestVideos.Folder, name);
        if (!File.Exists(path)) File.WriteAllBytes(path, change(File.ReadAllBytes(TestVideos.IndexCoded(source))));
        return path;
    }

    private static int IndexOf(byte[] bytes, ReadOnlySpan<byte> pattern) => bytes.AsSpan().IndexOf(pattern);
}
