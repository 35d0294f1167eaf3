using System.Diagnostics;

namespace TimeSformer.Benchmarks;

/// <summary>Runs the sections of <c>timesformer bench</c> in one process and writes their tables, with the machine's
/// description, to <see cref="BenchOptions.ReportFileName"/> in the output folder.</summary>
public static class BenchmarkSuite
{
    /// <summary>Runs the sections of <paramref name="options"/>, logging progress to <paramref name="log"/>.</summary>
    /// <returns>The report (already written to disk).</returns>
    public static BenchReport Run(BenchOptions options, Action<string> log)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var watch = Stopwatch.StartNew();
        int threads = options.Threads > 0 ? options.Threads : MachineInfo.CountPhysicalCores();
        var report = new BenchReport(MachineInfo.Describe(), options.Quick, threads) { OpenMpWaitPolicy = options.OpenMpWaitPolicy };
        bool temporary = options.WorkDirectory is null;
        string work = options.WorkDirectory ?? Path.Combine(Path.GetTempPath(), "timesformer-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        string path = Path.Combine(options.OutputDirectory, BenchOptions.ReportFileName);
        try
        {
            var context = new BenchContext(options, threads, work, log);
            foreach (var section in Enum.GetValues<BenchSection>().Where(options.Sections.Contains))
            {
                var started = Stopwatch.StartNew();
                log($"== {section}");
                IReadOnlyList<BenchTable> tables = section switch
                {
                    BenchSection.Decoding => [DecodingBench.Run(context), TrainingDrawsBench.Run(context)],
                    BenchSection.Inference => [InferenceBench.Run(context)],
                    BenchSection.Scaling => [ScalingBench.Run(context)],
                    BenchSection.Training => [TrainingBench.Run(context)],
                    BenchSection.LongVideos => [LongVideoBench.Run(context)],
                    BenchSection.Quantization => QuantizationBench.Run(context),
                    BenchSection.PretrainedFeatures => [PretrainedFeaturesBench.Run(context)],
                    _ => throw new ArgumentOutOfRangeException(nameof(options), $"Unknown section {section}."),
                };
                foreach (var table in tables) report.Add(table);
                log($"== {section} took {started.Elapsed.TotalSeconds:0} s");
                // Each finished section is on disk at once, so an interrupted run keeps what it measured.
                Finish(report, watch, path);
            }
        }
        finally
        {
            if (temporary) Directory.Delete(work, recursive: true);
        }
        return report;
    }

    private static void Finish(BenchReport report, Stopwatch watch, string path)
    {
        report.Elapsed = watch.Elapsed;
        report.LoadAverageAtEnd = MachineInfo.LoadAverageNow();
        report.Write(path);
    }
}
