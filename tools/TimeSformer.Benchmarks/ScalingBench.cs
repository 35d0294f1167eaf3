using TimeSformer.Torch.Model;

namespace TimeSformer.Benchmarks;

/// <summary>
/// Section 3: time and peak memory per clip as the number of frames T grows, divided space-time against joint
/// space-time attention (the paper's claim: divided grows far slower). Each point is a fresh model exported to ONNX
/// and run in ONNX Runtime (tuned settings, memory arena off) at batch 1; memory is the process's peak resident memory
/// above what it held before the session was created (weights, input and activations).
/// </summary>
public static class ScalingBench
{
    private const double LongRun = 3;

    /// <summary>The model scaled: 224x224, patch 16 (196 patches per frame as Base), width 192, depth 4, 3 heads:
    /// Base's token counts at a fraction of its width so that joint attention at 64 to 96 frames stays measurable.</summary>
    public static TimeSformerOptions Model(int frames, AttentionType attention) => new()
    {
        Frames = frames, ImageSize = 224, PatchSize = 16, EmbedDim = 192, Depth = 4, NumHeads = 3, NumClasses = 10,
        AttentionType = attention, DropPathRate = 0,
    };

    /// <summary>Runs the section.</summary>
    public static BenchTable Run(BenchContext context)
    {
        int[] frameCounts = context.Options.Quick ? [8, 16, 32] : [8, 16, 32, 64, 96];
        var table = new BenchTable("Scaling with frames: divided vs joint space-time attention (ONNX Runtime, batch 1)",
            "Frames", "Tokens", "GFLOPs divided", "GFLOPs joint", "ms divided", "ms joint", "Joint/divided time",
            "Peak MiB divided", "Peak MiB joint");
        foreach (int t in frameCounts)
        {
            var divided = Point(context, t, AttentionType.DividedSpaceTime)
                ?? throw new InvalidOperationException($"Not enough memory for divided attention at {t} frames.");
            var joint = Point(context, t, AttentionType.JointSpaceTime);
            table.AddRow(t.ToString(), (t * 196 + 1).ToString(),
                BenchFormat.Number(ModelComplexity.TimeSformerGflops(Model(t, AttentionType.DividedSpaceTime)), 1),
                BenchFormat.Number(ModelComplexity.TimeSformerGflops(Model(t, AttentionType.JointSpaceTime)), 1),
                BenchFormat.Milliseconds(divided.Seconds), joint is null ? "—" : BenchFormat.Milliseconds(joint.Value.Seconds),
                joint is null ? "—" : BenchFormat.Ratio(joint.Value.Seconds / divided.Seconds),
                BenchFormat.Mebibytes(divided.PeakBytes), joint is null ? "skipped: would not fit" : BenchFormat.Mebibytes(joint.Value.PeakBytes));
        }
        var m = Model(8, AttentionType.DividedSpaceTime);
        table.AddNote($"Model: {m.ImageSize}x{m.ImageSize}, patch {m.PatchSize} (196 patches per frame, as Base), width {m.EmbedDim}, depth {m.Depth}, {m.NumHeads} heads; "
            + "GFLOPs are multiply-adds per clip (`ModelComplexity`, the paper's convention).");
        table.AddNote(ProcessMemory.CanResetPeak
            ? "Peak MiB: peak resident memory (VmHWM, reset per point through /proc/self/clear_refs) above the resident memory before the ONNX session was created: the weights, the input clip and the activations of one clip (ONNX Runtime's memory arena off, so memory is returned as tensors die). Our ONNX graph computes attention as MatMul-Softmax-MatMul, so joint attention materialises heads x tokens^2 scores."
            : "Peak MiB: this system cannot reset the peak resident memory, so each value is the process peak so far (monotone).");
        table.AddNote($"Median of {context.Repeats} runs after a warm-up; a warm-up over {LongRun:0} s is the only run. Joint attention is skipped where its score matrices would need more than half the available memory.");
        return table;
    }

    private static (double Seconds, long PeakBytes)? Point(BenchContext context, int frames, AttentionType attention)
    {
        var options = Model(frames, attention);
        long tokens = attention == AttentionType.JointSpaceTime ? frames * 196L + 1 : 197;
        // Scores and softmax output of one attention, float32: heads x tokens^2 each.
        long needed = 2 * options.NumHeads * tokens * tokens * 4;
        long available = ProcessMemory.SystemBytes("MemAvailable");
        if (available > 0 && needed > available / 2) return null;
        string path;
        using (var model = BenchModels.Create(options))
            path = BenchModels.Export(model, Path.Combine(context.WorkDirectory, "scaling"), $"{attention}-{frames}");
        long before = ProcessMemory.ResetPeak();
        Measurement time;
        using (var runner = new OrtClipRunner(path, OrtTuning.Tuned, context.Threads, 1, frames, options.ImageSize, options.NumClasses, memoryArena: false))
        {
            BenchModels.Fill(runner.Input);
            time = Measurement.Time(runner.RunReusing, context.Repeats, longRunSeconds: LongRun);
        }
        long peak = ProcessMemory.PeakBytes - before;
        File.Delete(path);
        context.Log($"Scaling: T={frames} {attention}: {BenchFormat.Milliseconds(time.Median)} ms, peak +{BenchFormat.Mebibytes(peak)} MiB");
        return (time.Median, peak);
    }
}
