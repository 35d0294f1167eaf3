using System.CommandLine;
using TimeSformer.Cli.Arguments;
using TimeSformer.Cli.Hosting;
using TimeSformer.Contract;
using TimeSformer.MLNet;
using TimeSformer.Torch.Export;

namespace TimeSformer.Cli.Commands;

/// <summary><c>timesformer export --checkpoint &lt;file&gt; [--config &lt;json&gt;] --output &lt;model.onnx&gt;
/// [--labels &lt;file&gt;] [--quantize int8 ...]</c>: a checkpoint to an ONNX model with our metadata, optionally
/// quantized to int8 and checked against the fp32 export.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var (checkpoint, config, labels) = CheckpointInput.CreateOptions();
        checkpoint.Description += " With --quantize, also an fp32 .onnx model of ours.";
        var output = new Option<FileInfo>("--output") { Description = "The .onnx file to write.", Required = true };
        var force = ForceOption.Create("an existing .onnx model");
        var command = new Command("export", "Export a checkpoint (ours, an official .pyth, or a Hugging Face .safetensors) to ONNX: "
            + "input pixel_values [batch, T, 3, S, S], outputs logits and probabilities, clip spec and labels in the metadata.")
        { checkpoint, config, output, labels, force };
        var quantization = new QuantizationArguments();
        quantization.AddTo(command);
        command.SetAction(parse =>
        {
            string path = parse.GetValue(output)!.FullName;
            OutputFile.Require(parse, path, ".onnx", force, checkpoint, config, labels);
            var source = parse.GetValue(checkpoint)!;
            if (source.Extension.Equals(".onnx", StringComparison.OrdinalIgnoreCase))
                return QuantizeOnnx(parse, quantization, source, path);
            var input = CheckpointInput.Read(source, parse.GetValue(config), parse.GetValue(labels));
            if (!quantization.Requested(parse))
            {
                var metadata = OnnxExporter.ExportCheckpoint(input.Path, path, input.Config, input.Labels);
                Console.WriteLine(Wrote(path, metadata));
                return ExitCodes.Success;
            }
            // The fp32 export is the reference the int8 model is checked against; only the int8 model is kept.
            string fp32 = path + ".fp32.tmp";
            try
            {
                var metadata = OnnxExporter.ExportCheckpoint(input.Path, fp32, input.Config, input.Labels);
                var quantized = quantization.Run(parse, fp32, path, metadata, Console.WriteLine);
                Console.WriteLine(Wrote(path, metadata));
                Console.WriteLine($"Quantized {quantized.Describe()}.");
            }
            finally
            {
                File.Delete(fp32);
            }
            return ExitCodes.Success;
        });
        return command;
    }

    // An exported fp32 .onnx model is quantized as it is (no libtorch involved); it must be one of ours.
    private static int QuantizeOnnx(ParseResult parse, QuantizationArguments quantization, FileInfo source, string path)
    {
        if (!quantization.Requested(parse))
            throw new ArgumentException($"'{source.FullName}' is already an ONNX model: add --quantize int8 to quantize it, or give a checkpoint to export.");
        var metadata = VideoModelReader.Read(source.FullName);
        if (metadata.Quantization is not null)
            throw new ArgumentException($"'{source.FullName}' is already quantized ({metadata.Quantization.Format}): quantize its fp32 original.");
        var quantized = quantization.Run(parse, source.FullName, path, metadata, Console.WriteLine);
        Console.WriteLine(Wrote(path, metadata));
        Console.WriteLine($"Quantized {quantized.Describe()}.");
        return ExitCodes.Success;
    }

    private static string Wrote(string path, VideoModelMetadata metadata) =>
        $"Wrote {path}: {metadata.Architecture}, {metadata.Clip.Frames}x{metadata.Clip.Size} px clips, {metadata.Labels.Count} classes.";
}
