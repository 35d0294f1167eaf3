using Microsoft.ML;
using TimeSformer.Contract;
using TimeSformer.MLNet;
using TimeSformer.Torch.Model;
using TimeSformer.Video;
using TorchSharp;

namespace TimeSformer.Benchmarks;

/// <summary>
/// Section 2: clips per second for Base (8x224) and the small preset at batch 1 and 8, per engine: raw ONNX Runtime
/// with default and tuned session settings (<see cref="OrtTuning"/>), ML.NET's <c>ApplyOnnxModel</c> on the same
/// pre-decoded clips, TorchSharp eager on the same weights, and at batch 1 the whole path from an H.264 file
/// (<c>ScoreVideos</c> against <see cref="ClipLoader"/> + ONNX Runtime). Achieved GFLOP/s is set against the GEMM peak
/// measured in the same run.
/// </summary>
public static class InferenceBench
{
    private const double LongRun = 10;

    /// <summary>Runs the section.</summary>
    public static BenchTable Run(BenchContext context)
    {
        double peak = context.GemmPeakGflops;
        var table = new BenchTable("Inference: clips/s per engine on the same weights",
            "Model", "Batch", "Engine", "ms/clip", "Clips/s", "GFLOP/s", "% of GEMM peak", "Time vs ORT tuned", "Runs");
        var overheads = new List<string>();
        TimeSformerOptions[] models = context.Options.Quick
            ? [TimeSformerOptions.Small(10) with { DropPathRate = 0 }]
            : [TimeSformerOptions.Base(400) with { DropPathRate = 0 }, TimeSformerOptions.Small(10) with { DropPathRate = 0 }];
        foreach (var options in models)
            RunModel(context, table, options, peak, overheads);
        table.AddNote($"GEMM peak: {BenchFormat.Number(peak, 0)} GFLOP/s (TorchSharp fp32 2048^3 matmul, {context.Threads} threads, same run). "
            + "Model GFLOP/s count 2 FLOPs per multiply-add of `ModelComplexity` (which, like the paper, counts multiply-adds: Base 8x224 = 196 GFLOPs).");
        table.AddNote("ORT defaults = ML.NET's settings (intra-op threads set, spinning thread pool); ORT tuned = ORT_ENABLE_ALL, intra-op threads = physical cores, "
            + "sequential, no spinning. 'new values' allocates outputs per call (NamedOnnxValue); 'reused OrtValues' binds input and output buffers once.");
        table.AddNote("ML.NET tuned session = `mlContext.UseTunedOnnxSessions(threads)` (TimeSformer.MLNet), which gives ML.NET's ONNX transforms the tuned settings.");
        table.AddNote("ML.NET pipeline overhead against raw ONNX Runtime (new values per call, as ML.NET) with the same session settings: " + string.Join("; ", overheads) + ".");
        table.AddNote("Base at batch 8 runs only the tuned ONNX Runtime paths and TorchSharp (each run takes over 10 s); the default-settings rows are at batch 1.");
        table.AddNote($"TorchSharp: eager forward under no_grad, {context.Threads} threads, scaled_dot_product_attention. "
            + $"Medians of {context.Repeats} runs after one warm-up; a warm-up longer than {LongRun:0} s is the only run (Runs = 1).");
        return table;
    }

    private static void RunModel(BenchContext context, BenchTable table, TimeSformerOptions options, double peak, List<string> overheads)
    {
        string name = options.ImageSize == 224 && options.EmbedDim == 768 ? "Base 8x224" : $"Small {options.Frames}x{options.ImageSize}";
        context.Log($"Inference: {name}: building and exporting...");
        using var model = BenchModels.Create(options);
        string path = BenchModels.Export(model, Path.Combine(context.WorkDirectory, "models"), name.Replace(' ', '-'));
        double gflop = 2 * ModelComplexity.TimeSformerGflops(options);
        int t = options.Frames, s = options.ImageSize, classes = options.NumClasses;
        bool isBase = options.EmbedDim == 768;
        foreach (int batch in new[] { 1, 8 })
        {
            var rows = new List<(string Engine, Measurement Time)>();
            void Add(string engine, Measurement time)
            {
                rows.Add((engine, time));
                context.Log($"  {name} batch {batch} {engine}: {BenchFormat.Milliseconds(time.Median / batch)} ms/clip");
            }
            // Base at batch 8 runs 16+ s per engine: only the tuned paths and TorchSharp there (the settings'
            // before/after is at batch 1), to keep the whole benchmark under 15 minutes on 2 cores.
            bool allEngines = !isBase || batch == 1;
            float[] clips;
            Measurement ortTuned;
            using (var tuned = new OrtClipRunner(path, OrtTuning.Tuned, context.Threads, batch, t, s, classes))
            {
                BenchModels.Fill(tuned.Input);
                clips = tuned.Input;
                var reused = Measurement.Time(tuned.RunReusing, context.Repeats, longRunSeconds: LongRun);
                Add("ORT tuned, reused OrtValues", reused);
                ortTuned = allEngines ? Measurement.Time(tuned.RunNamed, context.Repeats, longRunSeconds: LongRun) : reused;
                if (allEngines) Add("ORT tuned, new values", ortTuned);
            }
            if (allEngines)
            {
                Measurement ortDefaults;
                using (var defaults = new OrtClipRunner(path, OrtTuning.Defaults, context.Threads, batch, t, s, classes))
                {
                    clips.CopyTo(defaults.Input, 0);
                    ortDefaults = Measurement.Time(defaults.RunNamed, context.Repeats, longRunSeconds: LongRun);
                }
                Add("ORT defaults, new values", ortDefaults);
                var mlnet = MlNetOnnxRunner.Time(path, clips, batch, t, s, classes, context.Threads, OrtTuning.Defaults, context.Repeats, longRunSeconds: LongRun);
                Add("ML.NET ApplyOnnxModel (pre-decoded)", mlnet);
                overheads.Add($"{name} batch {batch}, default sessions: {BenchFormat.Percent(mlnet.Median / ortDefaults.Median - 1, signed: true)}");
            }
            var mlnetTuned = MlNetOnnxRunner.Time(path, clips, batch, t, s, classes, context.Threads, OrtTuning.Tuned, context.Repeats, longRunSeconds: LongRun);
            Add("ML.NET ApplyOnnxModel, tuned session (pre-decoded)", mlnetTuned);
            overheads.Add($"{name} batch {batch}, tuned sessions: {BenchFormat.Percent(mlnetTuned.Median / ortTuned.Median - 1, signed: true)}"
                + (allEngines ? "" : " (against reused OrtValues)"));
            Add("TorchSharp eager", TimeTorch(context, model, batch, t, s));
            if (batch == 1) AddFromFile(context, path, t, s, classes, Add, name, overheads, isBase);
            double reference = rows[0].Time.Median;
            foreach (var (engine, time) in rows)
            {
                double perClip = time.Median / batch;
                bool decodes = engine.Contains("file", StringComparison.Ordinal);
                table.AddRow(name, batch.ToString(), engine, BenchFormat.Milliseconds(perClip), BenchFormat.Rate(1 / perClip),
                    decodes ? "—" : BenchFormat.Number(gflop / perClip, 0), decodes ? "—" : BenchFormat.Percent(gflop / perClip / peak),
                    BenchFormat.Ratio(time.Median / reference), time.Seconds.Count.ToString());
            }
        }
    }

    private static Measurement TimeTorch(BenchContext context, TimeSformerModel model, int batch, int frames, int size)
    {
        torch.set_num_threads(context.Threads);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var input = torch.rand([batch, frames, 3, size, size]) * 4 - 2;
        return Measurement.Time(() =>
        {
            using var inner = torch.NewDisposeScope();
            model.call(input);
        }, context.Repeats, longRunSeconds: LongRun);
    }

    // The whole path at batch 1: decode + preprocess + score one 10 s H.264 file, through ML.NET's ScoreVideos and
    // through ClipLoader + raw ONNX Runtime, with ML.NET's default session settings and with the tuned ones.
    private static void AddFromFile(BenchContext context, string modelPath, int frames, int size, int classes,
        Action<string, Measurement> add, string name, List<string> overheads, bool isBase)
    {
        var video = context.Videos.InterFrame(10);
        var loader = new ClipLoader(new ClipSpec { Frames = frames, Size = size, ShortSide = size });
        foreach (var tuning in new[] { OrtTuning.Defaults, OrtTuning.Tuned })
        {
            Measurement direct;
            using (var runner = new OrtClipRunner(modelPath, tuning, context.Threads, 1, frames, size, classes))
            {
                direct = Measurement.Time(() =>
                {
                    loader.Load(video.Path, runner.Input);
                    runner.RunReusing();
                }, context.Repeats, longRunSeconds: LongRun);
            }
            string settings = tuning == OrtTuning.Tuned ? "tuned" : "default";
            add($"ClipLoader + ORT {(tuning == OrtTuning.Tuned ? "tuned" : "defaults")} ({video.Codec} file)", direct);
            var ml = new MLContext(seed: 0);
            if (tuning == OrtTuning.Tuned) ml.UseTunedOnnxSessions(context.Threads);
            var scoring = ml.Transforms.ScoreVideos(modelPath, options: new VideoScoringOptions { IntraOpThreads = context.Threads })
                .Fit(ml.Data.LoadFromEnumerable(Array.Empty<VideoInput>()));
            using var engine = ml.Model.CreatePredictionEngine<VideoInput, VideoPrediction>(scoring);
            var input = new VideoInput { VideoPath = video.Path };
            var pipeline = Measurement.Time(() => engine.Predict(input), context.Repeats, longRunSeconds: LongRun);
            add($"ML.NET ScoreVideos{(tuning == OrtTuning.Tuned ? ", tuned session" : "")} ({video.Codec} file)", pipeline);
            overheads.Add($"{name} from file (decode + score), {settings} sessions: {BenchFormat.Percent(pipeline.Median / direct.Median - 1, signed: true)}"
                + (isBase ? " (goal: under 5% for Base at batch 1)" : ""));
        }
    }
}
