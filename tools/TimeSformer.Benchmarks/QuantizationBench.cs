using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using TimeSformer.Contract;
using TimeSformer.MLNet;
using TimeSformer.MLNet.Quantization;
using TimeSformer.Torch.Model;

namespace TimeSformer.Benchmarks;

/// <summary>
/// Section 6: int8 against fp32 in ONNX Runtime on the same weights and session settings (tuned, batch 1): time per
/// clip for each way of quantizing (<see cref="ActivationQuantization"/> x <see cref="QuantizedOperators"/>), agreement
/// with fp32 on the same clips, the rate reached as a share of an int8 GEMM measured in the same run, whether bf16 runs
/// at all, and multi-view scoring of a long video per video through ML.NET.
/// </summary>
public static class QuantizationBench
{
    private const int GemmSide = 2048;
    private static readonly (ActivationQuantization Activations, QuantizedOperators Operators)[] Variants =
    [
        (ActivationQuantization.Dynamic, QuantizedOperators.OnnxRuntimeFused),
        (ActivationQuantization.Dynamic, QuantizedOperators.Standard),
        (ActivationQuantization.Static, QuantizedOperators.OnnxRuntimeFused),
        (ActivationQuantization.Static, QuantizedOperators.Standard),
    ];

    /// <summary>Runs the section: the clip table and the long-video table.</summary>
    public static IReadOnlyList<BenchTable> Run(BenchContext context)
    {
        int threads = context.Threads;
        string bf16;
        try
        {
            bf16 = $"{BenchFormat.Number(OrtGemm.Measure(OrtGemm.Format.Bf16, GemmSide, threads, repeats: 3), 0)} GFLOP/s";
        }
        catch (OnnxRuntimeException e)
        {
            bf16 = "not run: " + e.Message.ReplaceLineEndings(" ");
        }
        context.Log($"ORT GEMM bf16: {bf16}");

        var table = new BenchTable("Int8 quantization: fp32 vs int8 in ONNX Runtime (same weights, tuned sessions, batch 1)",
            "Model", "Precision", "Operators", "ms/clip", "Clips/s", "Speed-up vs fp32", "GOP/s", "% of int8 GEMM", "Top-1 agreement", "Max prob. diff", "Runs");
        var models = context.Options.Quick
            ? new[] { TimeSformerOptions.Small(10) with { DropPathRate = 0 } }
            : [TimeSformerOptions.Base(400) with { DropPathRate = 0 }, TimeSformerOptions.Small(10) with { DropPathRate = 0 }];
        string? longVideoModels = null;
        var gemms = new List<string>();
        foreach (var options in models)
        {
            var paths = RunModel(context, table, options, gemms);
            longVideoModels ??= paths.Fp32 + "|" + paths.Int8;
        }
        table.AddNote($"ONNX Runtime CPU provider, {GemmSide}^3 GEMM with a constant weight, timed in the same rounds as the model rows: "
            + string.Join("; ", gemms) + $". bf16 MatMul: {bf16}.");
        table.AddNote("GOP/s count the model's multiply-adds (`ModelComplexity`) twice, as the inference table does; int8 quantizes the linear layers "
            + "(96% of Base's multiply-adds), while attention products, LayerNorm, softmax, GELU, the patch embedding and the head stay fp32.");
        table.AddNote("Weights int8 symmetric per output channel; Dynamic = uint8 activations ranged per call; Static = ranged by min-max over calibration "
            + "clips (random clips here: the weights are random). Agreement: the same random clips scored by both models (Base: 3 clips, small: 256; "
            + "random weights make near-ties, so the tests' Base-sized and trained-model checks are the accuracy evidence).");
        table.AddNote($"All sessions of a model (and the two GEMMs) open at once, one warm-up run each, then {Rounds(context)} rounds that run every one in turn "
            + "(so each round's times share the machine's load; a round repeats a fast run to last about 0.2 s); ms/clip is the median, speed-up the median of the rounds' fp32/int8 ratios. "
            + "Same session settings for every row (ORT_ENABLE_ALL, intra-op threads = cores, sequential, no spinning).");
        var parts = longVideoModels!.Split('|');
        return [table, LongVideo(context, models[0], parts[0], parts[1])];
    }

    private static (string Fp32, string Int8) RunModel(BenchContext context, BenchTable table, TimeSformerOptions options, List<string> gemms)
    {
        bool isBase = options.EmbedDim == 768;
        string name = isBase ? "Base 8x224" : $"Small {options.Frames}x{options.ImageSize}";
        context.Log($"Quantization: {name}: building and exporting...");
        string folder = Path.Combine(context.WorkDirectory, "models");
        string fp32Path;
        using (var model = BenchModels.Create(options))
            fp32Path = BenchModels.Export(model, folder, "q-" + name.Replace(' ', '-'));
        ModelProto fp32;
        using (var stream = File.OpenRead(fp32Path))
            fp32 = ModelProto.Parser.ParseFrom(stream);
        var spec = options.ToClipSpec();
        var check = RandomClips(spec, isBase ? 3 : 256, seed: 1);
        var calibration = RandomClips(spec, isBase ? 4 : 32, seed: 2);
        double gop = 2 * ModelComplexity.TimeSformerGflops(options);

        var rows = new List<(string Precision, string Operators, string Path, QuantizationAgreement? Agreement)> { ("fp32", "MatMul", fp32Path, null) };
        string? firstInt8 = null;
        foreach (var (activations, operators) in Variants)
        {
            var quantizeOptions = new Int8QuantizationOptions { Activations = activations, Operators = operators, Threads = context.Threads };
            var (int8, quantization) = OnnxQuantizer.Quantize(fp32, quantizeOptions, calibration.Clips);
            string path = Path.Combine(folder, $"q-{name.Replace(' ', '-')}-{activations}-{operators}.onnx");
            AtomicFile.Write(path, int8.WriteTo);
            firstInt8 ??= path;
            rows.Add(($"int8 {activations.ToString().ToLowerInvariant()}", quantization.Operators, path,
                QuantizationCheck.Compare(fp32, int8, check, context.Threads)));
        }
        var runners = rows.Select(r => new OrtClipRunner(r.Path, OrtTuning.Tuned, context.Threads, 1, options.Frames, options.ImageSize, options.NumClasses)).ToList();
        using var fp32Gemm = new OrtGemm(OrtGemm.Format.Fp32, GemmSide, context.Threads);
        using var int8Gemm = new OrtGemm(OrtGemm.Format.Int8, GemmSide, context.Threads);
        Measurement[] times;
        try
        {
            foreach (var runner in runners) BenchModels.Fill(runner.Input);
            times = Interleaved(context, [fp32Gemm.Run, int8Gemm.Run, .. runners.Select(r => (Action)r.RunReusing)]);
        }
        finally
        {
            foreach (var runner in runners) runner.Dispose();
        }
        double fp32Rate = fp32Gemm.Gops(times[0].Median), int8Rate = int8Gemm.Gops(times[1].Median);
        gemms.Add($"with {name}: fp32 MatMul {BenchFormat.Number(fp32Rate, 0)} GFLOP/s, int8 MatMulInteger (uint8 x int8, VNNI) "
            + $"{BenchFormat.Number(int8Rate, 0)} GOP/s = {BenchFormat.Ratio(int8Rate / fp32Rate)} fp32");
        context.Log($"  GEMM {GemmSide}^3 with {name}: fp32 {fp32Rate:0} GFLOP/s, int8 {int8Rate:0} GOP/s");
        times = times[2..];
        for (int i = 0; i < rows.Count; i++)
        {
            var (precision, operators, _, agreement) = rows[i];
            double perClip = times[i].Median;
            // The ratio of each round's paired runs, then the median: load that drifts between rounds cancels.
            double speedUp = Median([.. times[0].Seconds.Zip(times[i].Seconds, (f, q) => f / q)]);
            context.Log($"  {name} {precision} {operators}: {BenchFormat.Milliseconds(perClip)} ms/clip, {speedUp:0.00}x fp32");
            table.AddRow(name, precision, operators, BenchFormat.Milliseconds(perClip), BenchFormat.Rate(1 / perClip),
                BenchFormat.Ratio(speedUp), BenchFormat.Number(gop / perClip, 0), BenchFormat.Percent(gop / perClip / int8Rate),
                agreement is null ? "—" : BenchFormat.Percent(agreement.Top1Agreement), agreement is null ? "—" : BenchFormat.Number(agreement.MaxProbabilityDifference, 4),
                times[i].Seconds.Count.ToString());
        }
        return (fp32Path, firstInt8!);
    }

    // One warm-up of each, then rounds that run every one in turn, so that each round's times were taken under the same
    // load (this machine's cores are shared). A round repeats a fast run to last about 0.2 s, so that it is not timer noise.
    private static Measurement[] Interleaved(BenchContext context, IReadOnlyList<Action> runs)
    {
        var calls = runs.Select(run =>
        {
            run();
            double once = Measurement.Time(run, repeats: 1, warmup: 0).Seconds[0];
            return (int)Math.Clamp(0.2 / Math.Max(once, 1e-6), 1, 1000);
        }).ToArray();
        var seconds = runs.Select(_ => new List<double>()).ToArray();
        for (int round = 0; round < Rounds(context); round++)
            for (int i = 0; i < runs.Count; i++)
            {
                var (run, count) = (runs[i], calls[i]);
                seconds[i].Add(Measurement.Time(() =>
                {
                    for (int c = 0; c < count; c++) run();
                }, repeats: 1, warmup: 0).Seconds[0] / count);
            }
        return [.. seconds.Select(s => new Measurement(s))];
    }

    private static int Rounds(BenchContext context) => context.Options.Quick ? 3 : 5;

    private static double Median(double[] values) => new Measurement(values).Median;

    private static LabeledClips RandomClips(ClipSpec spec, int count, int seed) =>
        new([.. Enumerable.Range(0, count).Select(i =>
        {
            var clip = new float[spec.ValueCount];
            BenchModels.Fill(clip, seed * 10_007 + i);
            return clip;
        })]);

    // The first model (Base in a full run) scoring one 10 s video's 2x3 views per call, fp32 vs int8 (dynamic, fused).
    private static BenchTable LongVideo(BenchContext context, TimeSformerOptions options, string fp32Path, string int8Path)
    {
        string name = options.EmbedDim == 768 ? "Base 8x224" : $"Small {options.Frames}x{options.ImageSize}";
        var table = new BenchTable($"Int8 quantization: multi-view scoring per video ({name}, 2x3 views, ML.NET ScoreVideos)",
            "Video", "Precision", "Decode + score s", "Speed-up vs fp32", "Runs");
        var video = context.Videos.InterFrame(10);
        var input = new VideoInput { VideoPath = video.Path };
        using var fp32 = LongVideoBench.MultiViewEngine(context, fp32Path);
        using var int8 = LongVideoBench.MultiViewEngine(context, int8Path);
        fp32.Predict(input);
        int8.Predict(input);
        var seconds = new[] { new List<double>(), new List<double>() };
        for (int round = 0; round < context.Repeats; round++)
        {
            seconds[0].Add(Measurement.Time(() => fp32.Predict(input), repeats: 1, warmup: 0).Seconds[0]);
            seconds[1].Add(Measurement.Time(() => int8.Predict(input), repeats: 1, warmup: 0).Seconds[0]);
        }
        foreach (var (precision, i) in new[] { ("fp32", 0), ("int8 dynamic", 1) })
        {
            double median = new Measurement(seconds[i]).Median;
            double speedUp = Median([.. seconds[0].Zip(seconds[i], (f, q) => f / q)]);
            context.Log($"  {name} {precision} 10 s video: {median:0.00} s, {speedUp:0.00}x fp32");
            table.AddRow($"10 s {video.Codec} 640x480", precision, BenchFormat.Number(median, 2), BenchFormat.Ratio(speedUp), seconds[i].Count.ToString());
        }
        table.AddNote("One 2x3-view batch per video (6 clips of the model's size), decoding included; one untimed run of each model, then "
            + "rounds that score the video with fp32 and int8 in turn; speed-up = median of the rounds' ratios. "
            + "The LongVideos section shows that the time per video does not grow with its length (only the sampled frames are decoded), so this ratio holds for long videos.");
        return table;
    }
}
