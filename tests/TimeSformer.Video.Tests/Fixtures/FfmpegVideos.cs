using System.Diagnostics;

namespace TimeSformer.Video.Tests.Fixtures;

/// <summary>Videos in codecs and containers that OpenCV cannot write, made by the <c>ffmpeg</c> tool from its test
/// pattern; each is null where ffmpeg or the encoder it needs is not installed.</summary>
internal static class FfmpegVideos
{
    /// <summary>Five 32x24 frames of AV1 in Matroska, a codec OpenCV's FFmpeg cannot decode.</summary>
    public static string? Av1() => Made(Path.Combine(TestVideos.Folder, "av1.mkv"), 5, "-c:v", "libaom-av1");

    /// <summary><paramref name="frames"/> 32x24 frames of H.264 in a QuickTime container at <paramref name="path"/>, as
    /// phones write them.</summary>
    public static string? QuickTime(string path, int frames) =>
        Made(path, frames, "-c:v", "libx264", "-pix_fmt", "yuv420p", "-f", "mov");

    private static string? Made(string path, int frames, params string[] encoding)
    {
        if (File.Exists(path)) return path;
        if (!FfmpegVideoWriter.IsAvailable()) return null;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var info = new ProcessStartInfo("ffmpeg",
            ["-y", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc=size=32x24:rate=25", "-frames:v", $"{frames}", .. encoding, path])
        {
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? path : null;
    }
}
