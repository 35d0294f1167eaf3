using System.CommandLine;
using TimeSformer.Cli.Arguments;
using TimeSformer.Cli.Hosting;
using TimeSformer.Cli.Jobs;

namespace TimeSformer.Cli.Commands;

/// <summary><c>timesformer evaluate --model &lt;onnx&gt; --data &lt;folder|manifest&gt;</c>: ML.NET metrics and a report.</summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var model = new Option<FileInfo>("--model") { Description = "An ONNX model exported by TimeSformer.MLNet.", Required = true };
        var data = DatasetInput.CreateOption();
        var split = new Option<string>("--split")
        {
            Description = "Which samples to score: all, or a split name such as test (data without a split column is split by group as train does).",
            DefaultValueFactory = _ => "all",
        };
        var output = new Option<DirectoryInfo>("--output")
        {
            Description = "Folder for report.md, report.html (charts, worst videos) and predictions.csv.",
            DefaultValueFactory = _ => new DirectoryInfo("evaluation"),
        };
        var json = new Option<bool>("--json") { Description = "Print the metrics (micro/macro accuracy, log-loss, top-k, per-class log-loss, confusion matrix) as JSON on stdout." };
        var topK = new Option<int>("--top-k") { Description = "K of the top-K accuracy.", DefaultValueFactory = _ => 5 }.AtLeast(1);
        var excludeWarned = new Option<bool>("--exclude-warned")
        {
            Description = "Leave videos scored with a warning (cut short, corrupt mid-stream, too few or tiny frames) out of the metrics; they are listed either way.",
        };
        var scoring = new ScoringArguments();
        var sharding = new ShardArguments();
        var testFraction = new Option<double>("--test-fraction") { Description = "Fraction of groups in the test split, when the data has none.", DefaultValueFactory = _ => 0.25 }.Between(0, 0.95);
        var seed = new Option<int>("--seed") { Description = "Seed of that split (use train's).", DefaultValueFactory = _ => 0 };
        var command = new Command("evaluate", "Score labelled videos through the ML.NET pipeline and report the MLContext metrics; "
            + "videos that cannot be decoded are listed and left out. With --shard, score one shard of an array job (merge them with 'timesformer merge').")
        { model, data, split, output, json, topK, testFraction, seed, excludeWarned };
        scoring.AddTo(command);
        sharding.AddTo(command);
        command.SetAction(parse =>
        {
            bool asJson = parse.GetValue(json);
            var terminal = Terminal.For(asJson);
            var shard = sharding.Read(parse);
            // The shards of an array job share one output folder; each holds its own part file instead.
            using var folder = shard is null ? OutputFolder.Claim(parse.GetValue(output)!.FullName) : null;
            var samples = DatasetInput.Select(DatasetInput.Load(parse.GetValue(data)!), parse.GetValue(split)!,
                parse.GetValue(testFraction), parse.GetValue(seed), out string description);
            if (shard is not null)
                return ShardJob.Run(parse.GetValue(model)!.FullName, ShardJob.Videos(samples, DatasetInput.Root(parse.GetValue(data)!)), shard,
                    parse.GetValue(output)!.FullName, terminal, scoring.Read(parse), asJson);
            terminal.Line($"Evaluating {samples.Samples.Count} videos ({description}).");
            var (result, report) = EvaluationJob.Run(parse.GetValue(model)!.FullName, samples, folder!.Path,
                terminal, parse.GetValue(topK), scoring.Read(parse), parse.GetValue(excludeWarned));
            var summary = EvaluationSummary.From(result, report);
            summary.Print(terminal, asJson);
            return ExitCodes.Success;
        });
        return command;
    }
}
