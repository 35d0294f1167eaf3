using TimeSformer.Contract;
using TimeSformer.Video;

namespace TimeSformer.Benchmarks;

/// <summary>
/// Section 1, second table: the cached augmentation draws of a large training set (<c>TrainingOptions.AugmentationVariants</c>,
/// 4 by default) read one video read per draw against one read for all (<see cref="ClipLoader.LoadDraws"/>, what the
/// trainer does in the first epoch of each cycle of draws). Decoding is most of a training clip's cost, so the second
/// should take little more than one draw. Then the fresh draws of a small training set: every frame read and resized once
/// (<see cref="ClipLoader.ReadResized"/>, the first epoch) and the draws of every later epoch made from the kept frames.
/// </summary>
public static class TrainingDrawsBench
{
    private const int Draws = 4;

    /// <summary>Runs the table.</summary>
    public static BenchTable Run(BenchContext context)
    {
        // A clip of the small preset (8 x 32 px) from a short video, as in the synthetic and suite sets.
        var loader = new ClipLoader(new ClipSpec { Frames = 8, Size = 32, ShortSide = 32 });
        var table = new BenchTable($"Training draws: {Draws} random 8x32 training clips of one 2 s 640x480 video",
            "Codec", "Reading", "ms/video", "vs one read per draw");
        long keptBytes = 0;
        foreach (var video in new[] { context.Videos.InterFrame(2), context.Videos.Mjpeg(2) })
        {
            context.Log($"Training draws from {video.Codec}...");
            var separate = Measurement.Time(() =>
            {
                for (int d = 0; d < Draws; d++) loader.Load(video.Path, random: new Random(d));
            }, context.Repeats);
            var together = Measurement.Time(() => loader.LoadDraws(video.Path, [.. Enumerable.Range(0, Draws).Select(d => new Random(d))]),
                context.Repeats);
            table.AddRow(video.Codec, "one read per draw", BenchFormat.Milliseconds(separate.Median), BenchFormat.Ratio(1));
            table.AddRow(video.Codec, "one read for all draws (LoadDraws)", BenchFormat.Milliseconds(together.Median),
                BenchFormat.Ratio(separate.Median / together.Median));
            var keep = Measurement.Time(() => loader.ReadResized(video.Path), context.Repeats);
            var kept = loader.ReadResized(video.Path);
            keptBytes = kept.Bytes;
            var fromKept = Measurement.Time(() =>
            {
                for (int d = 0; d < Draws; d++) loader.Load(kept, random: new Random(d));
            }, context.Repeats);
            table.AddRow(video.Codec, "every frame read and resized once, kept (ReadResized)", BenchFormat.Milliseconds(keep.Median),
                BenchFormat.Ratio(separate.Median / keep.Median));
            table.AddRow(video.Codec, "draws from the kept frames (later epochs)", BenchFormat.Milliseconds(fromKept.Median),
                BenchFormat.Ratio(separate.Median / fromKept.Median));
        }
        table.AddNote($"The same {Draws} clips every way (bit-identical; random frame offsets and crops from seeds 0..{Draws - 1}). "
            + $"Keeping a video's frames reads it once; its {keptBytes / 1024} KB of kept frames replace decoding. Medians of {context.Repeats} runs.");
        return table;
    }
}
