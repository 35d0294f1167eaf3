using System.CommandLine;
using System.Diagnostics;
using TimeSformer.Cli.Arguments;
using TimeSformer.Cli.Hosting;
using TimeSformer.Cli.Jobs;
using TimeSformer.Video.Datasets;
using TimeSformer.Video.Synthetic;

namespace TimeSformer.Cli.Commands;

/// <summary><c>timesformer demo</c>: the whole path on an embedded default — generate the synthetic motion set, train
/// a small TimeSformer, export it to ONNX, evaluate it through the ML.NET pipeline, print the headline numbers.</summary>
internal static class DemoCommand
{
    /// <summary>The demo's training time when neither <c>--epochs</c> nor <c>--time-budget</c> is given: with
    /// generation, export and evaluation the whole demo stays within 5 minutes on 2 cores.</summary>
    public static readonly TimeSpan TrainingBudget = TimeSpan.FromMinutes(3);

    public static Command Create()
    {
        var output = new Option<DirectoryInfo>("--output") { Description = "Work folder: data/, train/ (checkpoints, model.onnx), report/.", DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("runs", "demo")) };
        var classes = new Option<int>("--classes") { Description = "Motion classes of the synthetic set (2 to 8).", DefaultValueFactory = _ => 8 }.Between(2, 8);
        var clips = new Option<int>("--clips-per-class") { Description = "Synthetic clips per class.", DefaultValueFactory = _ => SynthesisJob.DefaultClipsPerClass }.AtLeast(4);
        var groups = new Option<int>("--groups") { Description = "Visual styles of the synthetic set; a quarter of them are held out for testing (at most the clips per class).", DefaultValueFactory = _ => SynthesisJob.DefaultGroups }.AtLeast(2);
        var force = ForceOption.Create("an earlier demo run (its checkpoints and model are deleted first)");
        var arguments = new TrainingArguments();
        var command = new Command("demo", "Run the main job end to end on the embedded default: synthesise the motion set, train a small "
            + "TimeSformer, export it to ONNX, evaluate it through the ML.NET pipeline, and print where the report is.")
        { output, classes, clips, groups, force };
        foreach (var option in arguments.ArchitectureOptions) command.Options.Add(option);
        arguments.AddTo(command);
        command.SetAction(parse =>
        {
            var watch = Stopwatch.StartNew();
            var terminal = Terminal.For(jsonOnStdout: false);
            string root = parse.GetValue(output)!.FullName;
            int classCount = parse.GetValue(classes);
            var model = arguments.Model(parse, classCount);
            // Before anything is written: an architecture option the clips do not fit is a usage error.
            var network = arguments.Network(parse, model);
            string trainFolder = Path.Combine(root, "train");
            var settings = arguments.Settings(parse, Path.Combine(root, "data"));
            using var heldRoot = OutputFolder.Claim(root);
            using var heldTrain = TrainingRunFolder.Claim(trainFolder, resume: false, parse.GetValue(force), settings);
            var synthetic = new SyntheticMotionOptions();
            synthetic = synthetic with
            {
                Classes = [.. synthetic.Classes.Take(classCount)],
                ClipsPerClass = parse.GetValue(clips),
                Groups = Math.Min(parse.GetValue(groups), parse.GetValue(clips)),
                // Frames at least as large as the clip, so that the loader resizes down as it would for real videos.
                Width = Math.Max(synthetic.Width, model.ImageSize),
                Height = Math.Max(synthetic.Height, model.ImageSize),
                Seed = parse.GetValue(arguments.Seed),
            };
            terminal.Line("1/4 Generating the synthetic motion set...");
            var set = SynthesisJob.Generate(Path.Combine(root, "data"), synthetic, terminal);
            var data = arguments.HoldOutValidation(parse, VideoDataset.FromCsv(set.ManifestPath), out string? held);
            if (held is not null) terminal.Line($"Validation: {held}.");

            terminal.Line($"2/4 Training {TrainingJob.Describe(network, model)}...");
            TrainingRunFolder.Start(trainFolder, resume: false, settings);
            var trained = TrainingJob.Run(data, network, arguments.Clip(parse, model), arguments.Training(parse, defaultBudget: TrainingBudget, data: data), trainFolder, terminal);

            terminal.Line($"3/4 Exported {trained.OnnxPath}");
            terminal.Line("4/4 Evaluating the test split through the ML.NET pipeline...");
            var (result, report) = EvaluationJob.Run(trained.OnnxPath, data.Test, Path.Combine(root, "report"), terminal);
            var summary = EvaluationSummary.From(result, report);
            terminal.Line();
            foreach (var line in summary.ToLines()) terminal.Line(line);
            terminal.Line($"Done in {watch.Elapsed:m\\:ss}.");
            return ExitCodes.Success;
        });
        return command;
    }
}
