using System.CommandLine;
using TimeSformer.Benchmarks;
using TimeSformer.Cli.Arguments;
using TimeSformer.Cli.Hosting;

namespace TimeSformer.Cli.Commands;

/// <summary><c>timesformer bench [--quick] [--output &lt;dir&gt;]</c>: measures decoding, inference, scaling, training
/// and long-video scoring on this machine and writes a Markdown report.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var quick = new Option<bool>("--quick") { Description = "Small preset instead of Base, fewer repeats, shorter videos (under 3 minutes on 2 cores)." };
        var output = new Option<DirectoryInfo>("--output")
        {
            Description = $"Folder for the report ({BenchOptions.ReportFileName}).",
            DefaultValueFactory = _ => new DirectoryInfo("bench-results"),
        };
        var threads = new Option<int>("--threads") { Description = "Threads for ONNX Runtime, TorchSharp and training (default: physical cores)." }.Between(0, 1024);
        var only = new Option<BenchSection[]>("--only")
        {
            Description = "Run only these sections: Decoding, Inference, Scaling, Training, LongVideos, Quantization, PretrainedFeatures.",
            AllowMultipleArgumentsPerToken = true,
        };
        var work = new Option<DirectoryInfo?>("--work") { Description = "Keep generated videos and models in this folder (default: a temporary folder, deleted)." };
        var micro = new Option<bool>("--micro") { Description = "Run the BenchmarkDotNet micro-benchmarks (attention formulations, clip preprocessing) instead." };
        var command = new Command("bench", "Measure decoding, inference (ML.NET vs ONNX Runtime vs TorchSharp), scaling with frames, training and "
            + "long-video scoring and int8 vs fp32 on this machine; writes a Markdown table with the machine's description.")
        { quick, output, threads, only, work, micro };
        command.SetAction(parse =>
        {
            // Before anything loads libtorch: OpenMP reads its wait policy once.
            string ompWaitPolicy = OpenMpWaitPolicy.PreferPassive();
            if (parse.GetValue(micro)) return MicroBenchmarks.Run();
            using var folder = OutputFolder.Claim(parse.GetValue(output)!.FullName);
            if (parse.GetValue(work) is { } workFolder) OutputFolder.RequireFolder(workFolder.FullName, "--work");
            var sections = parse.GetValue(only);
            var options = new BenchOptions
            {
                Quick = parse.GetValue(quick),
                OutputDirectory = parse.GetValue(output)!.FullName,
                Threads = parse.GetValue(threads),
                WorkDirectory = parse.GetValue(work)?.FullName,
                Sections = sections is { Length: > 0 } ? sections : Enum.GetValues<BenchSection>(),
                OpenMpWaitPolicy = ompWaitPolicy,
            };
            var terminal = Terminal.For(jsonOnStdout: false);
            var report = BenchmarkSuite.Run(options, terminal.Line);
            Console.WriteLine(report.ToMarkdown());
            Console.WriteLine($"Report: {Path.Combine(options.OutputDirectory, BenchOptions.ReportFileName)}");
            return ExitCodes.Success;
        });
        return command;
    }
}
