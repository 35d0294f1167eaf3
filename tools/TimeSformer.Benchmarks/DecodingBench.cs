using TimeSformer.Contract;

namespace TimeSformer.Benchmarks;

/// <summary>
/// Section 1: evaluation clips (8 x 224, segment-uniform) per second from 640x480 videos, for each way of reading
/// frames that <see cref="DecodeBenchmark"/> knows (decode every frame, grab past unwanted ones, seek across
/// gaps), against <c>ffmpeg -i file -f null -</c> decoding every frame of the same file (the practical limit of any
/// decode-everything approach).
/// </summary>
public static class DecodingBench
{
    /// <summary>Runs the section.</summary>
    public static BenchTable Run(BenchContext context)
    {
        double seconds = context.Options.Quick ? 4 : 10;
        var spec = new ClipSpec();
        var table = new BenchTable($"Decoding: 8x224 evaluation clips from {seconds:0} s 640x480 30 fps videos",
            "Codec", "Strategy", "Clips/s", "ms/clip", "vs decode-all", "Max diff vs decode-all");
        foreach (var video in new[] { context.Videos.InterFrame(seconds), context.Videos.Mjpeg(seconds) })
        {
            context.Log($"Decoding {video.Codec} ({video.Frames} frames)...");
            // Each call times every strategy once; repeating calls gives a median per strategy.
            var runs = Enumerable.Range(0, context.Repeats)
                .Select(_ => DecodeBenchmark.Run([video.Path], spec, [2, 16, 250], repeats: 1)).ToList();
            double decodeAll = Median(runs, DecodeBenchmark.DecodeAll);
            foreach (var strategy in runs[0].Select(r => r.Strategy))
            {
                double s = Median(runs, strategy);
                float diff = runs.Max(r => r.Single(x => x.Strategy == strategy).MaxDifference);
                table.AddRow(video.Codec, Describe(strategy, video), BenchFormat.Rate(1 / s), BenchFormat.Milliseconds(s),
                    BenchFormat.Ratio(decodeAll / s), BenchFormat.Number(diff, 4));
            }
            if (Ffmpeg.Path is not null)
            {
                var ffmpeg = Measurement.Time(() => Ffmpeg.Run("-i", video.Path, "-f", "null", "-"), context.Repeats);
                table.AddRow(video.Codec, "ffmpeg -f null (every frame, no resize)", BenchFormat.Rate(1 / ffmpeg.Median),
                    BenchFormat.Milliseconds(ffmpeg.Median), BenchFormat.Ratio(decodeAll / ffmpeg.Median), "—");
            }
        }
        table.AddNote("One clip = the 8 frames of the segment-uniform evaluation clip, resized (short side 224), centre-cropped and normalised to floats; "
            + "decode-all reads and converts every frame with OpenCV (the naive loop), grab decodes skipped frames without converting them, "
            + "seek>=N seeks when N or more frames lie before the next wanted one.");
        table.AddNote($"Defaults of `VideoReader`: seek>=250 for inter-frame codecs (x264's key-frame interval), seek>=2 for Motion JPEG. Medians of {context.Repeats} runs.");
        table.AddNote(Ffmpeg.Path is null
            ? "ffmpeg is not installed: the inter-frame file is MPEG-4 Part 2 (mp4v, OpenCV's writer; H.264 needs ffmpeg) and there is no ffmpeg row."
            : "ffmpeg rows include starting the process (tens of ms); ffmpeg uses its default threads.");
        return table;
    }

    private static double Median(List<IReadOnlyList<DecodeBenchmarkResult>> runs, string strategy) =>
        new Measurement([.. runs.Select(r => r.Single(x => x.Strategy == strategy).Elapsed.TotalSeconds)]).Median;

    private static string Describe(string strategy, BenchVideo video)
    {
        bool intraOnly = video.Codec == "MJPEG";
        bool isDefault = strategy == (intraOnly ? "seek>=2" : "seek>=250");
        return isDefault ? strategy + " (default)" : strategy;
    }
}
