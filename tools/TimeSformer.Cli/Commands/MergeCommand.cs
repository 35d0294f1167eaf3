using System.CommandLine;
using System.Text.Json;
using Microsoft.ML;
using TimeSformer.Cli.Hosting;
using TimeSformer.MLNet.Evaluation;
using TimeSformer.MLNet.Evaluation.Sharding;

namespace TimeSformer.Cli.Commands;

/// <summary><c>timesformer merge &lt;folder&gt;</c>: the part files of an <c>evaluate --shard</c> array job to the metrics,
/// report and predictions one process gives.</summary>
internal static class MergeCommand
{
    public static Command Create()
    {
        var folder = new Argument<DirectoryInfo>("folder")
        {
            Description = "The --output folder of the shards (holding parts/shard-IIII-of-NNNN.jsonl), or the parts folder itself.",
        };
        var output = new Option<DirectoryInfo?>("--output")
        {
            Description = "Folder for report.md, report.html and predictions.csv (default: the shards' --output folder).",
        };
        var json = new Option<bool>("--json") { Description = "Print the metrics as 'evaluate --json' does." };
        var topK = new Option<int>("--top-k") { Description = "K of the top-K accuracy.", DefaultValueFactory = _ => 5 }.AtLeast(1);
        var command = new Command("merge", "Merge the part files of 'evaluate --shard' tasks into the metrics, report and predictions of one "
            + "'evaluate'; refuses, naming them, parts that are missing, duplicated or from different models, data or scoring settings.")
        { folder, output, json, topK };
        command.SetAction(parse =>
        {
            string given = parse.GetValue(folder)!.FullName;
            string parts = Directory.Exists(ShardJob.PartsFolder(given)) ? ShardJob.PartsFolder(given) : given;
            var merged = ShardMerger.Merge(parts);
            if (!merged.Run.Labelled)
                throw new InvalidDataException($"The parts in '{parts}' have no labels: there are no metrics to compute.");
            var mlContext = new MLContext(seed: 0);
            var result = VideoEvaluator.Summarize(mlContext, merged.Run.ModelPath, merged.Model, merged.Videos, merged.Elapsed,
                new VideoEvaluationOptions { TopK = parse.GetValue(topK) });
            var report = EvaluationReportWriter.Write(result, parse.GetValue(output)?.FullName ?? Path.GetDirectoryName(parts)!);
            var summary = EvaluationSummary.From(result, report);
            bool asJson = parse.GetValue(json);
            var terminal = Terminal.For(asJson);
            terminal.Line($"Merged {merged.Parts.Count} parts ({merged.Videos.Count} videos) from '{parts}'.");
            if (asJson)
                Console.WriteLine(JsonSerializer.Serialize(summary, JsonOptions.Indented));
            else
                foreach (var line in summary.ToLines()) terminal.Line(line);
            return ExitCodes.Success;
        });
        return command;
    }
}
