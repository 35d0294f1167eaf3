using TimeSformer.Contract;
using TimeSformer.Torch.Model;
using TimeSformer.Torch.Training;
using TorchSharp;

namespace TimeSformer.Benchmarks;

/// <summary>
/// Section 4: training throughput of the product's <see cref="Trainer"/> (AdamW, label smoothing, gradient
/// clipping, prefetching) on in-memory random clips, for the TimeSformer small preset and the CNN-RNN baseline.
/// Clips/s is the trainer's own per-epoch figure (step time, without checkpoint writing), median over the epochs after
/// the first.
/// </summary>
public static class TrainingBench
{
    private const int Classes = 10;
    private const int BatchSize = 16;

    /// <summary>Runs the section.</summary>
    public static BenchTable Run(BenchContext context)
    {
        int epochs = context.Options.Quick ? 2 : 4, clips = context.Options.Quick ? 32 : 64;
        var table = new BenchTable("Training: clips/s per step (TorchSharp, Trainer, AdamW)",
            "Model", "Parameters", "GFLOPs/clip (forward)", "Batch", "Clips/s", "ms/step", "Training GFLOP/s", "% of GEMM peak");
        double peak = context.GemmPeakGflops;
        var small = TimeSformerOptions.Small(Classes);
        var cnn = CnnRnnOptions.Small(Classes);
        using (var model = new TimeSformerModel(small))
            AddRow(context, table, $"TimeSformer small ({small.Frames}x{small.ImageSize}, width {small.EmbedDim}, depth {small.Depth})",
                model, ModelComplexity.TimeSformerGflops(small), small.Frames, small.ImageSize, epochs, clips, peak);
        using (var model = new CnnRnn(cnn))
            AddRow(context, table, $"CNN-RNN ({cnn.Frames}x{cnn.ImageSize}, {cnn.Cell} {cnn.HiddenSize})",
                model, ModelComplexity.CnnRnnGflops(cnn), cnn.Frames, cnn.ImageSize, epochs, clips, peak);
        table.AddNote($"{clips} random clips per epoch, {epochs} epochs, batch {BatchSize}, {context.Threads} threads; clips/s is the median over epochs 2..{epochs}.");
        table.AddNote("Training GFLOP/s counts a step as 3 forward passes (forward + backward) at 2 FLOPs per multiply-add.");
        return table;
    }

    private static void AddRow(BenchContext context, BenchTable table, string name, torch.nn.Module<torch.Tensor, torch.Tensor> model,
        double gflops, int frames, int size, int epochs, int clips, double peak)
    {
        context.Log($"Training: {name}...");
        var labels = Enumerable.Range(0, Classes).Select(i => $"c{i}").ToArray();
        var data = Enumerable.Range(0, clips).Select(i =>
        {
            var clip = new float[frames * 3 * size * size];
            BenchModels.Fill(clip, seed: i);
            return clip;
        }).ToArray();
        var source = new InMemoryClipSource(data, [.. Enumerable.Range(0, clips).Select(i => i % Classes)], labels, [frames, 3, size, size]);
        var metadata = new VideoModelMetadata { Clip = new ClipSpec { Frames = frames, Size = size, ShortSide = size }, Labels = labels };
        var trainer = new Trainer(new TrainingOptions { Epochs = epochs, BatchSize = BatchSize, Threads = context.Threads, Seed = 0 });
        var result = trainer.Train(model, metadata, source, null, Path.Combine(context.WorkDirectory, "training", name.Split(' ')[0]));
        double clipsPerSecond = new Measurement([.. result.History.Skip(1).Select(m => m.ClipsPerSecond)]).Median;
        long parameters = model.parameters().Sum(p => p.numel());
        double trainingGflops = 3 * 2 * gflops * clipsPerSecond;
        table.AddRow(name, BenchFormat.Number(parameters / 1e6, 2) + "M", BenchFormat.Number(gflops, 2), BatchSize.ToString(),
            BenchFormat.Rate(clipsPerSecond), BenchFormat.Milliseconds(BatchSize / clipsPerSecond),
            BenchFormat.Number(trainingGflops, 0), BenchFormat.Percent(trainingGflops / peak));
    }
}
