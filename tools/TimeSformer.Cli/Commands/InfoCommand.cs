using System.CommandLine;
using System.Text.Json;
using TimeSformer.Cli.Hosting;
using TimeSformer.Cli.Jobs;

namespace TimeSformer.Cli.Commands;

/// <summary><c>timesformer info &lt;model&gt;</c>: labels, clip spec, config, parameter count and opset of an exported model,
/// or the same (less the opset) of a training checkpoint.</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var model = new Argument<FileInfo>("model") { Description = "An ONNX model exported by TimeSformer.MLNet, or one of its .safetensors training checkpoints." };
        var json = new Option<bool>("--json") { Description = "Print the information as JSON." };
        var command = new Command("info", "Print a model's or a training checkpoint's metadata: labels, clip spec, config, parameter count, opset.") { model, json };
        command.SetAction(parse =>
        {
            var info = ModelInfo.Read(parse.GetValue(model)!.FullName);
            Console.WriteLine(parse.GetValue(json) ? JsonSerializer.Serialize(info, JsonOptions.Indented) : info.ToText());
            return 0;
        });
        return command;
    }
}
