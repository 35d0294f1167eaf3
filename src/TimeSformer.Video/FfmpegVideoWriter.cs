using System.ComponentModel;
using System.Diagnostics;
using OpenCvSharp;

namespace TimeSformer.Video;

/// <summary>
/// Writes H.264 (libx264, yuv420p) .mp4 files through an <c>ffmpeg</c> process that reads raw BGR frames on its standard
/// input: OpenCV's writer cannot encode H.264 here. Call <see cref="Finish"/> after the last frame; disposing without it
/// stops ffmpeg and leaves the file incomplete.
/// </summary>
public sealed class FfmpegVideoWriter : IDisposable
{
    private readonly Process process;
    private readonly Stream input;
    private readonly List<string> errors = [];
    private readonly int frameBytes;
    private readonly string ffmpegPath;
    private bool finished;

    /// <summary>Starts ffmpeg writing <paramref name="path"/>; throws <see cref="IOException"/> naming the tool when
    /// <paramref name="ffmpegPath"/> cannot be started.</summary>
    public FfmpegVideoWriter(string path, int width, int height, double fps, string ffmpegPath = "ffmpeg")
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 2);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fps);
        this.ffmpegPath = ffmpegPath;
        frameBytes = width * height * 3;
        var info = new ProcessStartInfo(ffmpegPath)
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        // One thread and bit-exact muxing: the same frames give the same bytes, however many clips encode at once.
        foreach (string arg in new[]
        {
            "-y", "-loglevel", "error", "-f", "rawvideo", "-pix_fmt", "bgr24", "-s", $"{width}x{height}",
            "-r", fps.ToString(System.Globalization.CultureInfo.InvariantCulture), "-i", "-",
            "-c:v", "libx264", "-pix_fmt", "yuv420p", "-threads", "1", "-fflags", "+bitexact", "-f", "mp4", path,
        })
            info.ArgumentList.Add(arg);
        try
        {
            process = Process.Start(info) ?? throw new IOException(NotFound(ffmpegPath));
        }
        catch (Win32Exception)
        {
            throw new IOException(NotFound(ffmpegPath));
        }
        process.ErrorDataReceived += (_, e) => { if (!string.IsNullOrWhiteSpace(e.Data)) lock (errors) errors.Add(e.Data.Trim()); };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        input = process.StandardInput.BaseStream;
    }

    /// <summary>Whether <paramref name="ffmpegPath"/> starts and reports a version.</summary>
    public static bool IsAvailable(string ffmpegPath = "ffmpeg")
    {
        try
        {
            using var probe = Process.Start(new ProcessStartInfo(ffmpegPath, "-version")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (probe is null) return false;
            probe.StandardOutput.ReadToEnd();
            probe.WaitForExit();
            return probe.ExitCode == 0;
        }
        catch (Win32Exception)
        {
            return false;
        }
    }

    /// <summary>Throws the one-line <see cref="IOException"/> of a missing ffmpeg unless <see cref="IsAvailable"/>.</summary>
    public static void EnsureAvailable(string ffmpegPath = "ffmpeg")
    {
        if (!IsAvailable(ffmpegPath)) throw new IOException(NotFound(ffmpegPath));
    }

    /// <summary>Appends one 8-bit BGR frame of the size given at construction.</summary>
    public void Write(Mat frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Type() != MatType.CV_8UC3 || !frame.IsContinuous() || frame.Total() * 3 != frameBytes)
            throw new ArgumentException("The frame must be a continuous 8-bit BGR image of the writer's size.", nameof(frame));
        try
        {
            input.Write(frame.AsSpan<byte>());
        }
        catch (IOException)
        {
            process.WaitForExit();
            throw Failed();
        }
    }

    /// <summary>Ends the stream and waits for ffmpeg; throws <see cref="IOException"/> with its last message if it failed.</summary>
    public void Finish()
    {
        finished = true;
        try
        {
            input.Close();
        }
        catch (IOException)
        {
            // ffmpeg already gone: its exit code says why.
        }
        process.WaitForExit();
        if (process.ExitCode != 0) throw Failed();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!finished && !process.HasExited) process.Kill(entireProcessTree: true);
        process.Dispose();
    }

    private IOException Failed()
    {
        string last;
        lock (errors) last = errors.Count > 0 ? errors[^1] : $"exit code {process.ExitCode}";
        return new IOException($"ffmpeg ('{ffmpegPath}') failed to encode H.264: {last}");
    }

    private static string NotFound(string ffmpegPath) =>
        $"H.264 needs ffmpeg, which could not be started as '{ffmpegPath}': install it (Debian: apt-get install ffmpeg) or use the AviMjpg or Mp4Mp4v container.";
}
