using System.CommandLine;
using TimeSformer.Cli.Hosting;

namespace TimeSformer.Cli.Commands;

/// <summary><c>timesformer bench [--quick] [--output &lt;dir&gt;]</c>: not implemented yet; the verb and its options are
/// reserved so scripts and help stay stable.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var quick = new Option<bool>("--quick") { Description = "Fewer and smaller runs." };
        var output = new Option<DirectoryInfo>("--output") { Description = "Folder for the benchmark results.", DefaultValueFactory = _ => new DirectoryInfo("bench") };
        var command = new Command("bench", "Measure decoding, TorchSharp and ONNX Runtime speed (not yet implemented).") { quick, output };
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("error: bench is not yet implemented.");
            return ExitCodes.Failure;
        });
        return command;
    }
}
