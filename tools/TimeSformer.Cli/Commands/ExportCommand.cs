using System.CommandLine;
using TimeSformer.Cli.Hosting;
using TimeSformer.Torch.Export;

namespace TimeSformer.Cli.Commands;

/// <summary><c>timesformer export --checkpoint &lt;file&gt; [--config &lt;json&gt;] --output &lt;model.onnx&gt;
/// [--labels &lt;file&gt;]</c>: a checkpoint to an ONNX model with our metadata.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var (checkpoint, config, labels) = CheckpointOptions();
        var output = new Option<FileInfo>("--output") { Description = "The .onnx file to write.", Required = true };
        var force = ForceOption.Create("an existing .onnx model");
        var command = new Command("export", "Export a checkpoint (ours, an official .pyth, or a Hugging Face .safetensors) to ONNX: "
            + "input pixel_values [batch, T, 3, S, S], outputs logits and probabilities, clip spec and labels in the metadata.")
        { checkpoint, config, output, labels, force };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(output)!.FullName;
            RequireOutput(parse, path, ".onnx", force, checkpoint, config, labels);
            var input = CheckpointInput.Read(parse.GetValue(checkpoint)!, parse.GetValue(config), parse.GetValue(labels));
            var metadata = OnnxExporter.ExportCheckpoint(input.Path, path, input.Config, input.Labels);
            Console.WriteLine($"Wrote {path}: {metadata.Architecture}, {metadata.Clip.Frames}x{metadata.Clip.Size} px clips, "
                + $"{metadata.Labels.Count} classes.");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Refuses, before any work, an output that is an input, lacks <paramref name="extension"/>, or exists
    /// without <c>--force</c> (<see cref="OutputFile"/>).</summary>
    public static void RequireOutput(ParseResult parse, string path, string extension, Option<bool> force, params Option<FileInfo?>[] inputs) =>
        OutputFile.Require(path, extension, parse.GetValue(force), [.. inputs.Select(i => parse.GetValue(i)?.FullName)]);

    /// <summary>The <c>--checkpoint</c>, <c>--config</c> and <c>--labels</c> options of <c>export</c> and <c>import</c>.</summary>
    public static (Option<FileInfo?> Checkpoint, Option<FileInfo?> Config, Option<FileInfo?> Labels) CheckpointOptions() =>
    (
        new Option<FileInfo?>("--checkpoint") { Description = "Our .safetensors checkpoint, an official .pyth/.pth, or a Hugging Face .safetensors.", Required = true },
        new Option<FileInfo?>("--config")
        {
            Description = "Model configuration for official and Hugging Face checkpoints: JSON with the official names (img_size, patch_size, num_frames, "
                + "num_classes, embed_dim, depth, num_heads, attention_type) or a Hugging Face config.json (default: config.json beside a .safetensors).",
        },
        new Option<FileInfo?>("--labels") { Description = "Text file with one class label per line, in output order (default: the checkpoint's, or 0..N-1)." }
    );
}
