// Trains one configuration on the synthetic motion set and prints one result line (used for
// docs/training-experiments.md; mode=attn times attention forward+backward for docs/benchmarks.md).
// Usage: TrainExp key=value ... (see the defaults below).
using System.Diagnostics;
using System.Globalization;
using TimeSformer.Contract;
using TimeSformer.Torch.Evaluation;
using TimeSformer.Torch.Model;
using TimeSformer.Torch.Training;
using TimeSformer.Video;
using TimeSformer.Video.Synthetic;
using static TorchSharp.torch;

if (args.Contains("mode=info"))
{
    using var ts = new TimeSformerModel(TimeSformerOptions.Small(8));
    using var cr = new CnnRnn(CnnRnnOptions.Small(8));
    Console.WriteLine($"small params {ts.parameters().Sum(p => p.numel())} gflops {ModelComplexity.TimeSformerGflops(TimeSformerOptions.Small(8)):0.0000}");
    Console.WriteLine($"cnnrnn params {cr.parameters().Sum(p => p.numel())} gflops {ModelComplexity.CnnRnnGflops(CnnRnnOptions.Small(8)):0.0000}");
    return;
}
if (args.Contains("mode=attn"))
{
    set_num_threads(int.Parse(Environment.GetEnvironmentVariable("THREADS") ?? "2"));
    foreach (var (bh, heads, n, d) in new (long, long, long, long)[] { (16 * 16, 4, 8, 16), (16 * 8, 4, 17, 16), (196, 12, 8, 64), (8, 12, 197, 64), (64, 4, 32, 16), (32, 4, 65, 16) })
    {
        var shape = new long[] { bh, heads, n, d };
        using var q = randn(shape, requires_grad: true); using var k = randn(shape, requires_grad: true); using var v = randn(shape, requires_grad: true);
        double Time(Func<Tensor> f)
        {
            for (int w = 0; w < 5; w++) { using var s0 = NewDisposeScope(); f().sum().backward(); }
            var sw = Stopwatch.StartNew(); int reps = 50;
            for (int r = 0; r < reps; r++) { using var s1 = NewDisposeScope(); f().sum().backward(); }
            return sw.Elapsed.TotalMilliseconds / reps;
        }
        double sdpa = Time(() => nn.functional.scaled_dot_product_attention(q, k, v));
        double expl = Time(() => matmul((matmul(q, k.transpose(-2, -1)) * (1.0 / Math.Sqrt(d))).softmax(-1), v));
        Console.WriteLine($"bh {bh} heads {heads} n {n} d {d}: sdpa {sdpa:0.000} ms explicit {expl:0.000} ms ratio {expl / sdpa:0.00}");
    }
    return;
}
var args2 = args.Select(a => a.Split('=', 2)).ToDictionary(a => a[0], a => a[1]);
string Get(string key, string fallback) => args2.TryGetValue(key, out var v) ? v : fallback;
int I(string key, int fallback) => int.Parse(Get(key, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
double D(string key, double fallback) => double.Parse(Get(key, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

var synth = new SyntheticMotionOptions
{
    ClipsPerClass = I("per", 32), Groups = I("groups", 8), Width = I("w", 64), Height = I("w", 64), Seed = I("dseed", 0),
    MinObjectSize = D("minsize", 0.22), MaxObjectSize = D("maxsize", 0.34),
};
string root = Path.Combine("/tmp/synth", $"p{synth.ClipsPerClass}_g{synth.Groups}_w{synth.Width}_s{synth.Seed}_o{synth.MinObjectSize}-{synth.MaxObjectSize}");
var watch = Stopwatch.StartNew();
var dataset = File.Exists(Path.Combine(root, SyntheticMotionDataset.ManifestFileName))
    ? TimeSformer.Video.Datasets.VideoDataset.FromCsv(Path.Combine(root, SyntheticMotionDataset.ManifestFileName))
    : SyntheticMotionDataset.Generate(root, synth).ToVideoDataset();
double synthSeconds = watch.Elapsed.TotalSeconds;

int frames = I("frames", 8), size = I("size", 32);
var spec = new ClipSpec { Frames = frames, Size = size, ShortSide = I("short", size) };
if (Get("dump", "") is { Length: > 0 } dumpPath)
{
    // A strip of T frames per row for the first clip of each class (eval clip), upscaled 4x.
    var loader = new ClipLoader(spec);
    var rows = dataset.Labels.Select(l => dataset.Samples.First(s => s.Label == l).Path).ToList();
    using var canvas = new OpenCvSharp.Mat(rows.Count * size, frames * size, OpenCvSharp.MatType.CV_8UC3);
    for (int r = 0; r < rows.Count; r++)
    {
        var clip = loader.Load(rows[r], ClipView.Single);
        for (int t = 0; t < frames; t++)
            for (int y = 0; y < size; y++)
                for (int x = 0; x < size; x++)
                {
                    byte Px(int c) => (byte)Math.Clamp((clip[((t * 3 + c) * size + y) * size + x] * 0.225f + 0.45f) * 255, 0, 255);
                    canvas.Set(r * size + y, t * size + x, new OpenCvSharp.Vec3b(Px(2), Px(1), Px(0)));
                }
    }
    using var big = canvas.Resize(new OpenCvSharp.Size(frames * size * 4, rows.Count * size * 4), 0, 0, OpenCvSharp.InterpolationFlags.Nearest);
    OpenCvSharp.Cv2.ImWrite(dumpPath, big);
    Console.WriteLine(string.Join(", ", dataset.Labels));
    return;
}
bool cache = Get("cache", "1") == "1";
var train = new VideoClipSource(dataset.Train, spec, cache);
var test = new VideoClipSource(dataset.Test, spec, cache);
int classes = dataset.Labels.Count;
string arch = Get("arch", "divided");
var tsf = new TimeSformerOptions
{
    NumClasses = classes, ImageSize = size, Frames = frames, PatchSize = I("patch", 8), EmbedDim = I("dim", 64),
    Depth = I("depth", 2), NumHeads = I("heads", 4), DropPathRate = D("droppath", 0.1), HeadDropRate = D("headdrop", 0),
    MlpRatio = D("mlp", 4),
    AttentionType = arch == "cnnrnn" ? AttentionType.DividedSpaceTime : AttentionTypeNames.FromOfficial(arch),
    PositionalEmbedding = PositionalEmbeddingNames.FromOfficial(Get("pos", "space_time")),
};
var options = new TrainingOptions
{
    Epochs = I("epochs", 30), BatchSize = I("batch", 16), LearningRate = D("lr", 1e-3), WeightDecay = D("wd", 0.05),
    WarmupEpochs = D("warmup", 2), LabelSmoothing = D("ls", 0.1), GradientClipNorm = D("clip", 1),
    TimeEmbeddingInit = Get("tinit", "model") == "sin" ? TimeEmbeddingInit.Sinusoidal : TimeEmbeddingInit.Model,
    TimeEmbeddingScale = D("tscale", 1), TimeEmbeddingLearningRateScale = D("tlr", 1), Seed = I("seed", 0),
    Threads = I("threads", 2), AugmentationVariants = I("variants", 0), DataWorkers = I("workers", 1),
    Optimizer = Get("opt", "adamw") == "sgd" ? OptimizerKind.Sgd : OptimizerKind.AdamW,
    Initialization = Get("init", "official") == "xavier" ? WeightInitialization.XavierUniform : WeightInitialization.Model,
};
manual_seed(options.Seed);
using nn.Module<Tensor, Tensor> model = arch == "cnnrnn"
    ? new CnnRnn(CnnRnnOptions.Matching(tsf) with { HiddenSize = I("hidden", 128) })
    : new TimeSformerModel(tsf);
var metadata = new VideoModelMetadata { Clip = spec, Labels = dataset.Labels };
string outDir = Path.Combine("/tmp/exp-runs", Get("name", "run"));
var epochsLog = new List<string>();
var progress = new Sync(p =>
{
    if (p.Phase == TrainingPhase.EpochEnd && p.Metrics is { } m)
    {
        epochsLog.Add($"{m.ValidationAccuracy:0.00}");
        Console.Error.WriteLine($"epoch {m.Epoch} loss {m.TrainLoss:0.000} train {m.TrainAccuracy:0.000} test {m.ValidationAccuracy:0.000} clips/s {m.ClipsPerSecond:0.0} {m.Seconds:0.0}s");
    }
});
watch.Restart();
var result = new Trainer(options).Train(model, metadata, train, test, outDir, progress);
double trainSeconds = watch.Elapsed.TotalSeconds;
var eval = ClipEvaluator.Evaluate(model, test);
var perClass = eval.ConfusionMatrix.Select((row, c) => $"{dataset.Labels[c]}={(double)row[c] / Math.Max(1, row.Sum()):0.00}");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"RESULT {string.Join(' ', args)} | train {train.Count} test {test.Count} | final test {eval.Accuracy:0.000} best {result.BestAccuracy:0.000}@{result.BestEpoch} | train {trainSeconds:0}s synth {synthSeconds:0}s clips/s {result.History.Average(h => h.ClipsPerSecond):0.0} | {string.Join(' ', perClass)} | curve {string.Join(' ', epochsLog)}"));

sealed class Sync(Action<TrainingProgress> report) : IProgress<TrainingProgress>
{
    public void Report(TrainingProgress value) => report(value);
}
