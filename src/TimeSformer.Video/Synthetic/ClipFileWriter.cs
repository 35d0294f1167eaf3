using OpenCvSharp;

namespace TimeSformer.Video.Synthetic;

/// <summary>Writes one generated clip as a real encoded video in a <see cref="SyntheticContainer"/>: under a temporary
/// name, moved into place when complete, so no half-written video remains. Shared by the synthetic and the
/// photographic sets.</summary>
internal static class ClipFileWriter
{
    /// <summary>How many clips are written at once: one per core. Without the bound the thread pool adds a thread
    /// whenever the writers block on ffmpeg's pipe, and a 2-core machine ran over 100 encoders at once.</summary>
    public static ParallelOptions Parallelism => new() { MaxDegreeOfParallelism = Environment.ProcessorCount };

    /// <summary>The file extension of <paramref name="container"/>: <c>.avi</c> or <c>.mp4</c>.</summary>
    public static string Extension(SyntheticContainer container) => container == SyntheticContainer.AviMjpg ? ".avi" : ".mp4";

    /// <summary>Writes <paramref name="frameCount"/> frames drawn by <paramref name="render"/> (8-bit BGR of
    /// <paramref name="width"/> x <paramref name="height"/>, disposed here) to <paramref name="path"/>.</summary>
    public static void Write(string path, int width, int height, int frameCount, Func<int, Mat> render,
        SyntheticContainer container, double fps, string ffmpegPath)
    {
        string extension = System.IO.Path.GetExtension(path);
        string temp = System.IO.Path.ChangeExtension(path, ".partial" + extension);
        if (container == SyntheticContainer.Mp4H264)
        {
            using var encoder = new FfmpegVideoWriter(temp, width, height, fps, ffmpegPath);
            WriteFrames(frameCount, render, encoder.Write);
            encoder.Finish();
        }
        else
        {
            var fourcc = FourCC.FromString(container == SyntheticContainer.AviMjpg ? "MJPG" : "mp4v");
            using var writer = new VideoWriter(temp, fourcc, fps, new Size(width, height));
            if (!writer.IsOpened())
                throw new IOException($"OpenCV could not open a {container} writer for '{temp}'.");
            WriteFrames(frameCount, render, frame => writer.Write(frame));
        }
        File.Move(temp, path, overwrite: true);
    }

    private static void WriteFrames(int frameCount, Func<int, Mat> render, Action<Mat> write)
    {
        for (int i = 0; i < frameCount; i++)
        {
            using var frame = render(i);
            write(frame);
        }
    }
}
