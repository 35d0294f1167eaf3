using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using TimeSformer.MLNet;
using TimeSformer.MLNet.Quantization;
using TimeSformer.Torch.Model;
using TimeSformer.Torch.Training;
using TimeSformer.Video;

namespace TimeSformer.Cli.Bench;

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
        double fp32Gemm = OrtGemm.Measure(OrtGemm.Format.Fp32, GemmSide, threads, repeats: 5);
        double int8Gemm = OrtGemm.Measure(OrtGemm.Format.Int8, GemmSide, threads, repeats: 5);
        context.Log($"ORT GEMM {GemmSide}^3: fp32 {fp32Gemm:0} GFLOP/s, int8 {int8Gemm:0} GOP/s");
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
        foreach (var options in models)
        {
            var paths = RunModel(context, table, options, int8Gemm);
            longVideoModels ??= paths.Fp32 + "|" + paths.Int8;
        }
        table.AddNote($"Same run, ONNX Runtime CPU provider, {GemmSide}^3 GEMM with a constant weight: fp32 MatMul {BenchFormat.Number(fp32Gemm, 0)} GFLOP/s, "
            + $"int8 MatMulInteger (uint8 x int8, VNNI) {BenchFormat.Number(int8Gemm, 0)} GOP/s = {BenchFormat.Ratio(int8Gemm / fp32Gemm)} fp32; bf16 MatMul: {bf16}.");
        table.AddNote("GOP/s count the model's multiply-adds (`ModelComplexity`) twice, as the inference table does; int8 quantizes the linear layers "
            + "(96% of Base's multiply-adds), while attention products, LayerNorm, softmax, GELU, the patch embedding and the head stay fp32.");
        table.AddNote("Weights int8 symmetric per output channel; Dynamic = uint8 activations ranged per call; Static = ranged by min-max over calibration "
            + "clips (random clips here: the weights are random). Agreement: the same random clips scored by both models (Base: 3 clips, small: 256; "
            + "random weights make near-ties, so the tests' Base-sized and trained-model checks are the accuracy evidence).");
        table.AddNote($"Medians of {context.Repeats} runs after one warm-up; all rows of a model use the same session settings "
            + "(ORT_ENABLE_ALL, intra-op threads = cores, sequential, no spinning).");
        var parts = longVideoModels!.Split('|');
        return [table, LongVideo(context, models[0], parts[0], parts[1])];
    }

    private static (string Fp32, string Int8) RunModel(BenchContext context, BenchTable table, TimeSformerOptions options, double int8Gemm)
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

        var fp32Time = Time(context, fp32Path, options);
        void Row(string precision, string operators, Measurement time, QuantizationAgreement? agreement)
        {
            double perClip = time.Median;
            context.Log($"  {name} {precision} {operators}: {BenchFormat.Milliseconds(perClip)} ms/clip");
            table.AddRow(name, precision, operators, BenchFormat.Milliseconds(perClip), BenchFormat.Rate(1 / perClip),
                BenchFormat.Ratio(fp32Time.Median / perClip), BenchFormat.Number(gop / perClip, 0), BenchFormat.Percent(gop / perClip / int8Gemm),
                agreement is null ? "—" : BenchFormat.Percent(agreement.Top1Agreement), agreement is null ? "—" : BenchFormat.Number(agreement.MaxProbabilityDifference, 4),
                time.Seconds.Count.ToString());
        }
        Row("fp32", "MatMul", fp32Time, null);
        string? firstInt8 = null;
        foreach (var (activations, operators) in Variants)
        {
            var quantizeOptions = new Int8QuantizationOptions { Activations = activations, Operators = operators, Threads = context.Threads };
            var (int8, quantization) = OnnxQuantizer.Quantize(fp32, quantizeOptions, calibration.Clips);
            string path = Path.Combine(folder, $"q-{name.Replace(' ', '-')}-{activations}-{operators}.onnx");
            AtomicFile.Write(path, int8.WriteTo);
            firstInt8 ??= path;
            var agreement = QuantizationCheck.Compare(fp32, int8, check, context.Threads);
            Row($"int8 {activations.ToString().ToLowerInvariant()}", quantization.Operators, Time(context, path, options), agreement);
        }
        return (fp32Path, firstInt8!);
    }

    private static Measurement Time(BenchContext context, string path, TimeSformerOptions options)
    {
        using var runner = new OrtClipRunner(path, OrtTuning.Tuned, context.Threads, 1, options.Frames, options.ImageSize, options.NumClasses);
        BenchModels.Fill(runner.Input);
        return Measurement.Time(runner.RunReusing, context.Repeats);
    }

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
            "Video", "Precision", "Decode + score s", "Speed-up vs fp32");
        var video = context.Videos.InterFrame(10);
        var input = new VideoInput { VideoPath = video.Path };
        double? reference = null;
        foreach (var (precision, path) in new[] { ("fp32", fp32Path), ("int8 dynamic", int8Path) })
        {
            using var engine = LongVideoBench.MultiViewEngine(context, path);
            var time = Measurement.Time(() => engine.Predict(input), repeats: context.Options.Quick ? 2 : 1);
            reference ??= time.Median;
            context.Log($"  {name} {precision} 10 s video: {time.Median:0.00} s");
            table.AddRow($"10 s {video.Codec} 640x480", precision, BenchFormat.Number(time.Median, 2), BenchFormat.Ratio(reference.Value / time.Median));
        }
        table.AddNote("One 2x3-view batch per video (6 clips of the model's size), decoding included; one untimed run first. "
            + "The long-video table above shows the time per video does not grow with the video's length, so this ratio holds for long videos.");
        return table;
    }
}
