using Microsoft.ML;
using TimeSformer.MLNet;
using TimeSformer.Torch.Model;
using TimeSformer.Video;

namespace TimeSformer.Benchmarks;

/// <summary>
/// Section 5: multi-view scoring of long videos through ML.NET's <c>ScoreVideos</c> (2 temporal clips x 3 crops,
/// all views one ONNX batch): time per video, the part of it spent decoding (<see cref="ClipLoader.LoadViews"/> alone),
/// and the process's peak resident memory above what it held before, which must not grow with the video's length
/// because only the sampled frames are kept.
/// </summary>
public static class LongVideoBench
{
    private const int TemporalClips = 2;
    private const int SpatialCrops = 3;

    /// <summary>A prediction engine that scores a video's 2x3 views as one batch through <c>ScoreVideos</c>, with tuned
    /// ONNX sessions of <see cref="BenchContext.Threads"/> threads.</summary>
    public static PredictionEngine<VideoInput, VideoPrediction> MultiViewEngine(BenchContext context, string modelPath)
    {
        var ml = new MLContext(seed: 0).UseTunedOnnxSessions(context.Threads);
        var scoring = ml.Transforms.ScoreVideos(modelPath, options: new VideoScoringOptions
        {
            IntraOpThreads = context.Threads, TemporalClips = TemporalClips, SpatialCrops = SpatialCrops,
        }).Fit(ml.Data.LoadFromEnumerable(Array.Empty<VideoInput>()));
        return ml.Model.CreatePredictionEngine<VideoInput, VideoPrediction>(scoring);
    }

    /// <summary>Runs the section.</summary>
    public static BenchTable Run(BenchContext context)
    {
        bool quick = context.Options.Quick;
        double[] lengths = quick ? [10, 30, 60] : [10, 60, 180, 300];
        var options = (quick ? TimeSformerOptions.Small(10) : TimeSformerOptions.Base(400)) with { DropPathRate = 0 };
        string name = quick ? "small preset" : "Base 8x224";
        string modelPath;
        using (var model = BenchModels.Create(options))
            modelPath = BenchModels.Export(model, Path.Combine(context.WorkDirectory, "models"), quick ? "long-small" : "long-base");
        var table = new BenchTable($"Long videos: {TemporalClips}x{SpatialCrops}-view scoring with {name} through ML.NET ScoreVideos",
            "Video", "Frames", "File MiB", "Decode s (LoadViews)", "Decode + score s", "Peak MiB above start");
        var spec = options.ToClipSpec();
        var views = ClipView.Grid(TemporalClips, SpatialCrops);
        var loader = new ClipLoader(spec);
        using var engine = MultiViewEngine(context, modelPath);
        // One untimed run first: the ONNX session's first-run allocations belong to no video.
        engine.Predict(new VideoInput { VideoPath = context.Videos.InterFrame(lengths[0]).Path });
        foreach (double seconds in lengths)
        {
            context.Log($"Long videos: generating {seconds:0} s...");
            var video = context.Videos.InterFrame(seconds);
            var decode = Measurement.Time(() => loader.LoadViews(video.Path, views), context.Repeats, warmup: 0);
            var input = new VideoInput { VideoPath = video.Path };
            long before = ProcessMemory.ResetPeak();
            var total = Measurement.Time(() => engine.Predict(input), repeats: 1, warmup: 0);
            long peak = ProcessMemory.PeakBytes - before;
            context.Log($"  {seconds:0} s: decode {decode.Median:0.00} s, total {total.Median:0.00} s, peak +{BenchFormat.Mebibytes(peak)} MiB");
            table.AddRow($"{seconds:0} s {video.Codec}", video.Frames.ToString(), BenchFormat.Mebibytes(video.Bytes),
                BenchFormat.Number(decode.Median, 2), BenchFormat.Number(total.Median, 2), BenchFormat.Mebibytes(peak));
        }
        table.AddNote($"640x480 30 fps; {TemporalClips * SpatialCrops} views of {spec.Frames}x{spec.Size} per video (K={TemporalClips} temporal clips x C={SpatialCrops} crops), "
            + $"scored as one batch of {TemporalClips * SpatialCrops} through a PredictionEngine with {context.Threads} intra-op threads; "
            + $"one run per video after an untimed one (decoding alone: median of {context.Repeats}); tuned ONNX sessions (`UseTunedOnnxSessions`).");
        table.AddNote("Peak MiB: peak resident memory (VmHWM, reset before each video) above the resident memory before it; frames are decoded by seeking to the sampled ones, so memory does not grow with length.");
        return table;
    }
}
