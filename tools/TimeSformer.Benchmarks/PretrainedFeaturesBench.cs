using TimeSformer.Contract;
using TimeSformer.Torch.Export;
using TimeSformer.Torch.Model;
using TorchSharp;

namespace TimeSformer.Benchmarks;

/// <summary>
/// Section 7: the frozen pretrained ResNet18 and the TimeSformer on its feature maps. Time and peak memory per 8-frame
/// clip of ResNet18's features at 128 px (pooled, as <c>resnet18-gru</c> uses them, and the stage-2 and stage-3 maps
/// <c>resnet18-timesformer</c> turns into tokens), then of the hybrid model as <c>train --architecture
/// resnet18-timesformer</c> builds it: TorchSharp with the trunk computed, TorchSharp with the trunk's maps from the
/// feature cache (what every training epoch after the first draws pays), and the exported graph in ONNX Runtime.
/// Weights are seeded, not pretrained: the speed does not depend on them, and the section needs no package file.
/// </summary>
public static class PretrainedFeaturesBench
{
    private const int Frames = 8, BackboneSize = 128;

    /// <summary>The hybrid model measured: <c>train</c>'s default for the small preset's clips (8 frames of 32 px).</summary>
    public static ResNet18TimeSformerOptions Hybrid { get; } = ResNet18TimeSformerOptions.Matching(TimeSformerOptions.Small(10));

    /// <summary>Runs the section.</summary>
    public static BenchTable Run(BenchContext context)
    {
        torch.set_num_threads(context.Threads);
        var table = new BenchTable("Pretrained ResNet18 features and the TimeSformer on its maps (batch 1, one 8-frame clip)",
            "Case", "Output per frame", "GFLOPs", "ms per clip", "Peak MiB");
        foreach (int stage in new[] { 4, 3, 2 })
        {
            using var backbone = new FrozenResNet18(BackboneSize, stage);
            string output = stage == 4 ? $"{backbone.Channels} pooled" : $"{backbone.Channels}x{backbone.MapSide}x{backbone.MapSide}";
            var (ms, peak) = TimeTorch(context, () => stage == 4 ? backbone.call(Input(Frames, 3, BackboneSize, BackboneSize)) : backbone.Maps(Input(Frames, 3, BackboneSize, BackboneSize)));
            table.AddRow($"ResNet18 {(stage == 4 ? "features" : $"trunk to stage {stage}")}, TorchSharp, {BackboneSize} px", output,
                BenchFormat.Number(Frames * ResNet18Layout.MultiplyAdds(BackboneSize, stage) / 1e9, 2), ms, peak);
        }

        torch.manual_seed(0);
        using var model = new ResNet18TimeSformer(Hybrid);
        model.eval();
        string tokens = $"{Hybrid.MapSide}x{Hybrid.MapSide} tokens";
        string gflops = BenchFormat.Number(ModelComplexity.ResNet18TimeSformerGflops(Hybrid), 2);
        int s = Hybrid.ImageSize;
        model.FeatureCacheCapacity = 0;
        var (computed, computedPeak) = TimeTorch(context, () => model.call(Input(1, Frames, 3, s, s)));
        table.AddRow("hybrid, TorchSharp, trunk computed", tokens, gflops, computed, computedPeak);
        model.FeatureCacheCapacity = 1;
        var cachedClip = Input(1, Frames, 3, s, s);
        var (cached, cachedPeak) = TimeTorch(context, () => model.call(cachedClip));
        table.AddRow("hybrid, TorchSharp, maps from the cache", tokens, "", cached, cachedPeak);
        cachedClip.Dispose();

        string path = Path.Combine(context.WorkDirectory, "features", "hybrid.onnx");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        OnnxExporter.Export(model, new VideoModelMetadata
        {
            Clip = new ClipSpec { Frames = Frames, Size = s, ShortSide = s },
            Labels = VideoModelMetadata.NumberedLabels(Hybrid.NumClasses),
        }, path);
        long before = ProcessMemory.ResetPeak();
        Measurement time;
        using (var runner = new OrtClipRunner(path, OrtTuning.Tuned, context.Threads, 1, Frames, s, Hybrid.NumClasses, memoryArena: false))
        {
            BenchModels.Fill(runner.Input);
            time = Measurement.Time(runner.RunReusing, context.Repeats);
        }
        table.AddRow("hybrid, ONNX Runtime (whole graph)", tokens, gflops, BenchFormat.Milliseconds(time.Median),
            BenchFormat.Mebibytes(ProcessMemory.PeakBytes - before));
        File.Delete(path);

        table.AddNote($"Hybrid: {Hybrid.Describe()}. GFLOPs are multiply-adds per clip (`ModelComplexity`); the trunk rows take frames "
            + $"already at {BackboneSize} px, the hybrid rows the {s} px clip the model resizes.");
        table.AddNote("Peak MiB: peak resident memory above the resident memory before the case (see the scaling section); TorchSharp rows "
            + "run without gradients, ONNX Runtime with its memory arena off.");
        table.AddNote($"Median of {context.Repeats} runs after a warm-up.");
        return table;
    }

    private static torch.Tensor Input(params long[] shape)
    {
        torch.manual_seed(1);
        return torch.randn(shape);
    }

    private static (string Milliseconds, string PeakMebibytes) TimeTorch(BenchContext context, Func<torch.Tensor> run)
    {
        long before = ProcessMemory.ResetPeak();
        var time = Measurement.Time(() =>
        {
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            run();
        }, context.Repeats);
        long peak = ProcessMemory.PeakBytes - before;
        context.Log($"PretrainedFeatures: {BenchFormat.Milliseconds(time.Median)} ms, peak +{BenchFormat.Mebibytes(peak)} MiB");
        return (BenchFormat.Milliseconds(time.Median), BenchFormat.Mebibytes(peak));
    }
}
