using System.CommandLine;
using TimeSformer.Cli.Ablation;
using TimeSformer.Cli.Arguments;
using TimeSformer.Cli.Hosting;
using TimeSformer.Cli.Jobs;
using TimeSformer.Torch.Training;

namespace TimeSformer.Cli.Commands;

/// <summary><c>timesformer ablate --data &lt;folder|manifest&gt; --output &lt;dir&gt;</c>: trains the paper's ablations
/// and the CNN-RNN baseline on one split and budget and writes one comparison table.</summary>
internal static class AblateCommand
{
    private static readonly string[] StandardNames = [.. AblationVariants.Standard(Torch.Model.TimeSformerOptions.Tiny(2)).Select(v => v.Name)];
    private static readonly string[] VariantNames = [.. AblationVariants.All(Torch.Model.TimeSformerOptions.Tiny(2)).Select(v => v.Name)];

    public static Command Create()
    {
        var data = DatasetInput.CreateOption();
        var output = new Option<DirectoryInfo>("--output") { Description = "Folder for ablation.md, ablation.csv and one run folder per variant.", Required = true };
        var variants = new Option<string[]>("--variants")
        {
            Description = $"Variants to train, any of: {string.Join(", ", VariantNames)} (default: all but {string.Join(", ", VariantNames.Except(StandardNames))}).",
            DefaultValueFactory = _ => StandardNames,
            AllowMultipleArgumentsPerToken = true,
        };
        variants.AcceptOnlyFromAmong(VariantNames);
        var force = ForceOption.Create("an earlier ablation (its tables and variant runs are deleted first)");
        var arguments = new TrainingArguments();
        var command = new Command("ablate", "Train divided, joint and space-only attention, the positional-embedding modes and the CNN-RNN "
            + "baseline on the same split and budget (the best checkpoint on a 'val' split when the data has one, else the last epoch, as train does) and write the comparison "
            + "table (test and macro accuracy, parameters, GFLOPs per clip, training time, clips/s) as Markdown and CSV.")
        { data, output, variants, force };
        arguments.AddTo(command);
        command.SetAction(parse =>
        {
            var terminal = Terminal.For(jsonOnStdout: false);
            string folder = parse.GetValue(output)!.FullName;
            using var held = OutputFolder.Claim(folder);
            string[] tables = [AblationRunner.MarkdownFileName, AblationRunner.CsvFileName];
            var earlier = tables.Where(t => File.Exists(Path.Combine(folder, t))).Concat(TrainingRunFolder.ExistingBelow(folder)).ToList();
            TrainingRunFolder.RefuseExisting(folder, earlier, parse.GetValue(force));
            var dataset = arguments.SplitData(parse, data, out string split);
            var model = arguments.Model(parse, dataset.Labels.Count, dataset.Train.Samples.Count);
            var chosen = parse.GetValue(variants)!;
            var selected = AblationVariants.All(model).Where(v => chosen.Contains(v.Name)).ToList();
            var clip = arguments.Clip(parse, model);
            var training = arguments.Training(parse);
            var (train, validation) = TrainingJob.Sources(dataset, clip, training);
            var test = dataset.Test;
            if (train.Count == 0 || test.Samples.Count == 0)
                throw new InvalidDataException($"An ablation needs training and test samples; the data has {train.Count} and {test.Samples.Count} ({split}).");
            terminal.Line($"Data: {train.Count} train, {validation?.Count ?? 0} val, {test.Samples.Count} test ({split}); variants: {string.Join(", ", selected.Select(v => v.Name))}.");
            TrainingRunFolder.Remove(folder, earlier);
            var runner = new AblationRunner(training);
            var results = terminal.Progress("ablation", bar =>
            {
                var display = new TrainingProgressDisplay(bar);
                return runner.Run(selected, clip, train, validation, test, folder,
                    new Relay<(string Variant, TrainingProgress Progress)>(r => display.Report(r.Progress, r.Variant)));
            });
            foreach (var r in results)
                terminal.Line($"{r.Variant.Name,-18} test {r.TestAccuracy:0.0%}  macro {r.MacroAccuracy:0.0%}  {r.Parameters,10:N0} parameters  {r.TrainingSeconds,6:0} s");
            terminal.Line($"Table: {Path.Combine(folder, AblationRunner.MarkdownFileName)}");
            terminal.Line($"       {Path.Combine(folder, AblationRunner.CsvFileName)}");
            return ExitCodes.Success;
        });
        return command;
    }
}
