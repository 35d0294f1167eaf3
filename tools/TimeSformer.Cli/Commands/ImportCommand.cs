using System.CommandLine;
using TimeSformer.Cli.Arguments;
using TimeSformer.Cli.Hosting;
using TimeSformer.Contract;
using TimeSformer.Torch.Checkpoints;

namespace TimeSformer.Cli.Commands;

/// <summary><c>timesformer import --checkpoint &lt;official|hf&gt; [--config &lt;json&gt;] --output &lt;ours.safetensors&gt;</c>:
/// an official or Hugging Face checkpoint to ours (configuration, clip spec and labels inside), e.g. to fine-tune.</summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var (checkpoint, config, labels) = CheckpointInput.CreateOptions();
        var output = new Option<FileInfo>("--output") { Description = "Our checkpoint to write (.safetensors).", Required = true };
        var force = ForceOption.Create("an existing checkpoint");
        var command = new Command("import", "Convert an official TimeSformer .pyth or a Hugging Face .safetensors into our checkpoint, "
            + "which carries its configuration, clip spec and labels.")
        { checkpoint, config, output, labels, force };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(output)!.FullName;
            OutputFile.Require(parse, path, ".safetensors", force, checkpoint, config, labels);
            var input = CheckpointInput.Read(parse.GetValue(checkpoint)!, parse.GetValue(config), parse.GetValue(labels));
            using var model = CheckpointLoader.LoadTimeSformer(input.Path, input.Config);
            var o = model.Options;
            var labelList = input.Labels ?? VideoModelMetadata.NumberedLabels(o.NumClasses);
            ModelCheckpoint.Save(path, model, o.ToClipSpec(), labelList);
            long parameters = model.parameters().Sum(p => p.numel());
            Console.WriteLine($"Wrote {path}: TimeSformer {o.Frames}x{o.ImageSize} px, {parameters:N0} parameters, {labelList.Count} classes.");
            return ExitCodes.Success;
        });
        return command;
    }
}
