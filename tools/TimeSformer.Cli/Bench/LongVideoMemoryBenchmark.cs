using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using OpenCvSharp;
using TimeSformer.MLNet;
using TimeSformer.Torch.Export;
using TimeSformer.Video;
using static TorchSharp.torch.random;

namespace TimeSformer.Cli.Bench;

/// <summary>
/// Does multi-view scoring of a long video need more memory than scoring a short one? Writes Motion JPEG videos of
/// several lengths with OpenCV, scores each with K x C views through ML.NET's <see cref="VideoCatalog.ScoreVideos"/>
/// and records the process's peak resident memory (Linux <c>VmHWM</c>) while it does.
/// </summary>
/// <remarks>
/// Measured in this process, not a child: before each video, managed garbage is collected, glibc's free heap is
/// returned to the system and the peak is reset to the current resident size (writing 5 to
/// <c>/proc/self/clear_refs</c>), so a row's peak is the settled process plus what scoring that video added. An
/// unmeasured warm-up video first takes the ONNX session's first-run allocations out of the rows, and rounds
/// alternate ascending and descending length so that no length always follows a longer one.
/// </remarks>
public static class LongVideoMemoryBenchmark
{
    private const int BytesPerMebibyte = 1 << 20;

    /// <summary>Generates the videos, scores each <see cref="LongVideoMemoryOptions.Rounds"/> times and returns one row per
    /// length, in the order of <see cref="LongVideoMemoryOptions.Seconds"/>.</summary>
    /// <param name="options">Lengths, video size, views, model.</param>
    /// <param name="log">Receives a line per step (generation, each measurement).</param>
    /// <exception cref="PlatformNotSupportedException">Not Linux: the peak counter cannot be read and reset.</exception>
    public static IReadOnlyList<LongVideoMemoryRow> Run(LongVideoMemoryOptions options, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (!OperatingSystem.IsLinux())
            throw new PlatformNotSupportedException("The long-video memory benchmark reads and resets Linux's peak resident memory (/proc).");
        Directory.CreateDirectory(options.WorkDirectory);
        string modelPath = options.ModelPath ?? ExportRandomModel(options);
        var videos = new List<(string Path, int Frames)>();
        foreach (double seconds in options.Seconds)
        {
            var watch = Stopwatch.StartNew();
            videos.Add(WriteVideo(options, seconds));
            log?.Invoke($"wrote {seconds:0} s video ({videos[^1].Frames} frames of {options.Width}x{options.Height}) in {watch.Elapsed.TotalSeconds:0.0} s");
        }

        var ml = new MLContext(seed: 0);
        var scoring = ml.Transforms.ScoreVideos(modelPath, options: new VideoScoringOptions
        {
            TemporalClips = options.TemporalClips, SpatialCrops = options.SpatialCrops, IntraOpThreads = options.IntraOpThreads,
        }).Fit(ml.Data.LoadFromEnumerable(Array.Empty<VideoInput>()));
        Score(ml, scoring, videos[0].Path);

        var worst = new (double Seconds, long Baseline, long Peak)[videos.Count];
        for (int round = 0; round < options.Rounds; round++)
        {
            var order = Enumerable.Range(0, videos.Count);
            foreach (int i in round % 2 == 0 ? order : order.Reverse())
            {
                var measured = Measure(ml, scoring, videos[i].Path);
                log?.Invoke($"round {round + 1}: {options.Seconds[i]:0} s video scored in {measured.Seconds:0.00} s, " +
                    $"peak {Mebibytes(measured.Peak)} MiB ({Mebibytes(measured.Peak - measured.Baseline)} above settled)");
                if (measured.Peak > worst[i].Peak) worst[i] = measured;
            }
        }
        return [.. videos.Select((v, i) => new LongVideoMemoryRow(options.Seconds[i], v.Frames, new FileInfo(v.Path).Length,
            worst[i].Seconds, worst[i].Baseline, worst[i].Peak, (double)worst[i].Peak / worst[0].Peak))];
    }

    /// <summary>The rows as a Markdown table.</summary>
    public static string ToMarkdown(IReadOnlyList<LongVideoMemoryRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var text = new StringBuilder()
            .AppendLine("| Video | Frames | File MiB | Score s | Settled RSS MiB | Peak RSS MiB | Peak above settled MiB | Peak / first |")
            .AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var row in rows)
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {row.Seconds:0} s | {row.Frames} | {Mebibytes(row.FileBytes)} | {row.ScoreSeconds:0.00} | {Mebibytes(row.BaselineBytes)} | " +
                $"{Mebibytes(row.PeakBytes)} | {Mebibytes(row.PeakAboveBaselineBytes)} | {row.PeakRatio:0.000} |");
        return text.ToString();
    }

    private static (double Seconds, long Baseline, long Peak) Measure(MLContext ml, ITransformer scoring, string path)
    {
        long baseline = SettleAndResetPeak();
        var watch = Stopwatch.StartNew();
        Score(ml, scoring, path);
        double seconds = watch.Elapsed.TotalSeconds;
        using var process = Process.GetCurrentProcess();
        return (seconds, baseline, process.PeakWorkingSet64);
    }

    private static void Score(MLContext ml, ITransformer scoring, string path)
    {
        var input = ml.Data.LoadFromEnumerable(new[] { new VideoInput { VideoPath = path } });
        var score = scoring.Transform(input).GetColumn<float[]>(VideoScoringEstimator.ScoreColumnName).Single();
        if (score.Length == 0 || score.Any(float.IsNaN))
            throw new InvalidOperationException($"Scoring '{path}' gave no probabilities.");
    }

    /// <summary>Frees what the previous measurement left, resets <c>VmHWM</c> to the current resident size, and
    /// returns that size.</summary>
    private static long SettleAndResetPeak()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect();
        malloc_trim(0);
        File.WriteAllText("/proc/self/clear_refs", "5");
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    private static string ExportRandomModel(LongVideoMemoryOptions options)
    {
        var architecture = options.Model with { DropPathRate = 0 };
        string path = Path.Combine(options.WorkDirectory, "long-video-model.onnx");
        manual_seed(0);
        using var model = new Torch.Model.TimeSformer(architecture);
        model.eval();
        var clip = new ClipSpec { Frames = architecture.Frames, Size = architecture.ImageSize, ShortSide = architecture.ImageSize };
        var labels = Enumerable.Range(0, architecture.NumClasses).Select(i => $"class{i}").ToArray();
        OnnxExporter.Export(model, new VideoModelMetadata { Clip = clip, Labels = labels }, path);
        return path;
    }

    /// <summary>A textured background (fixed smooth noise) under a moving disc and bar and the frame number, written as
    /// Motion JPEG: every frame is a real 640x480 JPEG the decoder must expand to full size.</summary>
    private static (string Path, int Frames) WriteVideo(LongVideoMemoryOptions options, double seconds)
    {
        int frames = (int)Math.Round(seconds * options.Fps);
        string path = Path.Combine(options.WorkDirectory, $"long-{seconds:0}s-{options.Width}x{options.Height}.avi");
        string temp = path + ".partial.avi";
        int w = options.Width, h = options.Height;
        using (var writer = new VideoWriter(temp, FourCC.MJPG, options.Fps, new Size(w, h)))
        using (var coarse = new Mat((h + 7) / 8, (w + 7) / 8, MatType.CV_8UC3))
        using (var background = new Mat())
        using (var frame = new Mat(h, w, MatType.CV_8UC3))
        {
            if (!writer.IsOpened()) throw new IOException($"OpenCV could not open a Motion JPEG writer for '{temp}'.");
            // Smooth noise (8x upscaled) rather than per-pixel noise: texture without 200 KB JPEGs.
            var noise = new byte[coarse.Rows * coarse.Cols * 3];
            new Random(1).NextBytes(noise);
            Marshal.Copy(noise, 0, coarse.Data, noise.Length);
            Cv2.Resize(coarse, background, new Size(w, h), interpolation: InterpolationFlags.Linear);
            for (int f = 0; f < frames; f++)
            {
                background.CopyTo(frame);
                double phase = 2 * Math.PI * f / (options.Fps * 4);
                Cv2.Circle(frame, new Point(w / 2 + (int)(w / 3 * Math.Cos(phase)), h / 2 + (int)(h / 3 * Math.Sin(phase))), h / 8, Scalar.OrangeRed, -1);
                Cv2.Rectangle(frame, new Rect(f * 5 % w, h / 6, w / 10, h / 20), Scalar.DodgerBlue, -1);
                Cv2.PutText(frame, f.ToString(CultureInfo.InvariantCulture), new Point(10, h - 10), HersheyFonts.HersheySimplex, h / 480.0 + 0.3, Scalar.White, 2);
                writer.Write(frame);
            }
        }
        File.Move(temp, path, overwrite: true);
        return (path, frames);
    }

    private static string Mebibytes(long bytes) => ((double)bytes / BytesPerMebibyte).ToString("0.0", CultureInfo.InvariantCulture);

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int malloc_trim(nuint pad);
}
