using System.CommandLine;
using TimeSformer.Cli.Hosting;

namespace TimeSformer.Cli.Commands;

/// <summary><c>timesformer train --data &lt;folder|manifest.csv&gt; --output &lt;dir&gt;</c>: trains a TimeSformer and
/// exports the best checkpoint to <c>&lt;dir&gt;/model.onnx</c>.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data")
        {
            Description = "A folder root/<class>/[<group>/]*.avi (or holding a manifest.csv), or a CSV manifest path,label[,split][,group].",
            Required = true,
        };
        var output = new Option<DirectoryInfo>("--output") { Description = "Folder for checkpoints, training log, curves and model.onnx.", Required = true };
        var arguments = new TrainingArguments();
        var command = new Command("train",
            "Train a TimeSformer on labelled videos (the data's split column, or a group-aware split), keep the checkpoint "
            + "with the best test accuracy, and export it as <output>/model.onnx.")
        { data, output };
        arguments.AddTo(command);
        command.SetAction(parse =>
        {
            var terminal = Terminal.For(jsonOnStdout: false);
            var dataset = DatasetInput.WithSplits(DatasetInput.Load(parse.GetValue(data)!), parse.GetValue(arguments.TestFraction),
                parse.GetValue(arguments.Seed), out string split);
            var model = arguments.Model(parse, dataset.Labels.Count);
            var training = arguments.Training(parse);
            terminal.Line($"Data: {dataset.Samples.Count} videos, {dataset.Labels.Count} classes; {dataset.Train.Samples.Count} train, "
                + $"{dataset.Test.Samples.Count} test ({split}).");
            terminal.Line($"Model: TimeSformer {model.Frames}x{model.ImageSize} px, patch {model.PatchSize}, width {model.EmbedDim}, "
                + $"depth {model.Depth}, {Torch.Model.AttentionTypeNames.ToOfficial(model.AttentionType)}; {training.Epochs} epochs, "
                + $"{training.Optimizer} lr {training.LearningRate}, batch {training.BatchSize}.");
            var outcome = TrainingJob.Run(dataset, model, training, parse.GetValue(output)!.FullName, terminal);
            var result = outcome.Training;
            terminal.Line($"Best epoch {result.BestEpoch}/{result.History.Count} ({result.Elapsed.TotalSeconds:0} s)"
                + (outcome.Test is { } test ? $": test accuracy {test.Accuracy:0.0%}, macro {test.MacroAccuracy:0.0%}." : "."));
            terminal.Line($"Checkpoint: {result.BestCheckpointPath}");
            terminal.Line($"ONNX model: {outcome.OnnxPath}");
            return ExitCodes.Success;
        });
        return command;
    }
}
