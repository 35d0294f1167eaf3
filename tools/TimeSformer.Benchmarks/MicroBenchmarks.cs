using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using TimeSformer.Benchmarks.Micro;

namespace TimeSformer.Benchmarks;

/// <summary>Runs the BenchmarkDotNet suites (<c>timesformer bench --micro</c>) in process, with a short job: enough
/// to compare formulations, fast enough for 2 cores.</summary>
public static class MicroBenchmarks
{
    /// <summary>Runs every suite; BenchmarkDotNet prints its tables and writes them under
    /// <c>BenchmarkDotNet.Artifacts</c>.</summary>
    public static int Run()
    {
        var config = DefaultConfig.Instance
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
            .WithOptions(ConfigOptions.DisableOptimizationsValidator);
        BenchmarkRunner.Run([typeof(AttentionBenchmarks), typeof(ClipPreprocessingBenchmarks)], config);
        return 0;
    }
}
