using System.CommandLine;
using System.Text.Json;
using Microsoft.ML;
using TimeSformer.Cli.Arguments;
using TimeSformer.Cli.Hosting;
using TimeSformer.Cli.Jobs;
using TimeSformer.Contract;
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
            Description = "Folder for report.md, report.html and predictions.csv, or for predict's predictions.json (default: the shards' --output folder).",
        };
        var json = new Option<bool>("--json") { Description = "Print the metrics as 'evaluate --json' does, or the predictions as 'predict --json' does." };
        var topK = new Option<int?>("--top-k") { Description = "K of the top-K accuracy (default 5), or classes listed per video for predict's parts (default 3)." }.AtLeast(1);
        var command = new Command("merge", "Merge the part files of 'evaluate --shard' or 'predict --shard' tasks into what one process gives: metrics, report "
            + "and predictions.csv, or the predictions; refuses, naming them, parts that are missing, duplicated or from different models, data or scoring settings.")
        { folder, output, json, topK };
        command.SetAction(parse =>
        {
            string given = parse.GetValue(folder)!.FullName;
            string parts = Directory.Exists(ShardJob.PartsFolder(given)) ? ShardJob.PartsFolder(given) : given;
            var merged = ShardMerger.Merge(parts);
            string destination = parse.GetValue(output)?.FullName ?? Path.GetDirectoryName(parts)!;
            bool asJson = parse.GetValue(json);
            var terminal = Terminal.For(asJson);
            terminal.Line($"Merged {merged.Parts.Count} parts ({merged.Videos.Count} videos) from '{parts}'.");
            if (!merged.Run.Labelled)
                return Predictions(merged, destination, parse.GetValue(topK) ?? 3, asJson);
            var mlContext = new MLContext(seed: 0);
            var result = VideoEvaluator.Summarize(mlContext, merged.Run.ModelPath, merged.Model, merged.Videos, merged.Elapsed,
                new VideoEvaluationOptions { TopK = parse.GetValue(topK) ?? 5 });
            var summary = EvaluationSummary.From(result, EvaluationReportWriter.Write(result, destination));
            summary.Print(terminal, asJson);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Parts of <c>predict --shard</c>: the predictions as <c>predict</c> prints them, also written to
    /// <c>predictions.json</c> (the same bytes as <c>predict --json</c>).</summary>
    private static int Predictions(ShardMergeResult merged, string destination, int topK, bool asJson)
    {
        var labels = merged.Model.Labels;
        var predictions = merged.Videos.Where(v => v.IsScored).Select(v => PredictionJob.Prediction.From(v.Path, labels, v.Probabilities, topK)).ToList();
        var errors = merged.Videos.Where(v => !v.IsScored).Select(v => v.Error).ToList();
        AtomicFile.WriteText(Path.Combine(destination, "predictions.json"), JsonSerializer.Serialize(predictions, JsonOptions.Indented) + "\n");
        return PredictionJob.Print(predictions, errors, asJson);
    }
}
