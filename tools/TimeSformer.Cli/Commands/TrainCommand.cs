using System.CommandLine;
using TimeSformer.Cli.Arguments;
using TimeSformer.Cli.Hosting;
using TimeSformer.Cli.Jobs;
using TimeSformer.MLNet.Evaluation;
using TimeSformer.Torch.Training;

namespace TimeSformer.Cli.Commands;

/// <summary><c>timesformer train --data &lt;folder|manifest.csv&gt; --output &lt;dir&gt;</c>: trains a TimeSformer and
/// exports its model (the best checkpoint on a 'val' split, else the last epoch) to <c>&lt;dir&gt;/model.onnx</c>.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var data = DatasetInput.CreateOption();
        var output = new Option<DirectoryInfo>("--output") { Description = "Folder for checkpoints, training log, curves and model.onnx.", Required = true };
        var resume = new Option<bool>("--resume")
        {
            Description = "Continue the interrupted run in --output (weights, optimiser and schedule restored) up to --epochs; same data and options.",
        };
        var force = ForceOption.Create("a finished or interrupted run (its checkpoints, log and model.onnx are deleted first)");
        var arguments = new TrainingArguments();
        var fineTuning = new FineTuningArguments();
        var command = new Command("train",
            "Train a TimeSformer on labelled videos (the data's split column, or a group-aware split), take as its model the best checkpoint "
            + "on a 'val' split when the data has one, else the last epoch (nothing is chosen on the test split), "
            + "score the test split once, and export it as <output>/model.onnx.")
        { data, output, resume, force };
        foreach (var option in arguments.ArchitectureOptions) command.Options.Add(option);
        arguments.AddTo(command);
        fineTuning.AddTo(command);
        command.SetAction(parse =>
        {
            var terminal = Terminal.For(jsonOnStdout: false);
            string folder = parse.GetValue(output)!.FullName;
            bool resuming = parse.GetValue(resume);
            var settings = arguments.Settings(parse, parse.GetValue(data)!);
            settings[fineTuning.Init.Name] = parse.GetValue(fineTuning.Init)?.FullName ?? "";
            settings[fineTuning.InitConfig.Name] = parse.GetValue(fineTuning.InitConfig)?.FullName ?? "";
            settings[fineTuning.Recipe.Name] = parse.GetValue(fineTuning.Recipe)!;
            var init = fineTuning.Checkpoint(parse, arguments);
            using var held = TrainingRunFolder.Claim(folder, resuming, parse.GetValue(force), settings);
            var dataset = arguments.SplitData(parse, data, out string split);
            var model = init is null ? arguments.Model(parse, dataset.Labels.Count, dataset.Train.Samples.Count) : FineTuningArguments.Target(init, parse, arguments, dataset.Labels.Count);
            // The official recipe is a schedule in epochs (decays at 11 and 14 of 15): it keeps them unless a budget is given.
            bool official = parse.GetValue(fineTuning.Recipe) == FineTuningArguments.OfficialRecipe;
            var training = arguments.Training(parse, fineTuning.RecipeOptions(parse), official ? null : DataAdaptiveDefaults.TimeBudget(dataset.Train.Samples.Count), dataset);
            // Built before the run starts, so an architecture option the clips do not fit is refused with nothing written.
            var network = init is null ? arguments.Network(parse, model) : FineTuningArguments.Network(init, model);
            TrainingRunFolder.Start(folder, resuming, settings);
            terminal.Line($"Data: {dataset.Samples.Count} videos, {dataset.Labels.Count} classes; {dataset.Train.Samples.Count} train, "
                + $"{dataset.Validation.Samples.Count} val, {dataset.Test.Samples.Count} test ({split}).");
            string epochs = training.TimeBudget is { } budget ? $"the epochs that fit in {DurationText.Clock(budget)}" : $"{training.Epochs} epochs";
            terminal.Line($"Model: {TrainingJob.Describe(network, model)}{(init is null ? "" : $", from {init.Path}")}; {epochs}, {training.Optimizer} lr {training.LearningRate}, "
                + $"batch {training.BatchSize}.");
            var outcome = TrainingJob.Run(dataset, network, arguments.Clip(parse, model, fromCheckpoint: init is not null), training, folder, terminal, resuming);
            var result = outcome.Training;
            // Which checkpoint is the model is the Trainer's rule; the line only reports it.
            string chosen = result.ModelCheckpointPath == result.BestCheckpointPath ? "the best on val" : "the last";
            terminal.Line($"Model: epoch {result.ModelEpoch}/{result.History.Count}, {chosen} ({result.Elapsed.TotalSeconds:0} s).");
            if (training.TimeBudget is not null)
                terminal.Line($"Time budget: {result.PlannedEpochs} epochs planned, {result.History.Count} trained"
                    + (result.History.Count < result.PlannedEpochs && result.EndedByTimeBudget ? " (out of time: --resume finishes the schedule)." : "."));
            terminal.Line($"Checkpoint: {result.ModelCheckpointPath}");
            terminal.Line($"ONNX model: {outcome.OnnxPath}");
            // The test split is scored once, through the exported model and ML.NET: the numbers `evaluate` gives.
            if (dataset.Test.Samples.Count > 0)
            {
                var (test, report) = EvaluationJob.Run(outcome.OnnxPath, dataset.Test, Path.Combine(folder, ReportFolderName), terminal);
                terminal.Line($"Test accuracy {test.Metrics.MicroAccuracy:0.0%}, macro {test.Metrics.MacroAccuracy:0.0%} ({test.MeasuredVideos.Count} videos); report: {report.MarkdownPath}");
                terminal.Line($"Test recall: {ClassRecalls(test)}.");
            }
            else
                Console.Error.WriteLine($"warning: the data has no test clip ({split}), so the model was not scored: give it more groups "
                    + $"or a split column, or score other videos with 'timesformer evaluate --model {outcome.OnnxPath}'.");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Folder of the test split's evaluation report, in the run folder.</summary>
    public const string ReportFolderName = "report";

    /// <summary>Each class's test recall (correct / clips), so that a pair the model confuses shows at once.</summary>
    private static string ClassRecalls(VideoEvaluationResult test)
    {
        var counts = test.Metrics.ConfusionMatrix.Counts;
        return string.Join(", ", test.Model.Labels.Select((label, c) => $"{label} {counts[c][c]:0}/{counts[c].Sum():0}"));
    }
}
