using System.CommandLine;

namespace TimeSformer.Cli.Commands;

/// <summary>Every verb of the <c>timesformer</c> command, in the order <c>--help</c> lists them.</summary>
internal static class VerbCatalog
{
    public static IEnumerable<Command> Create() =>
    [
        DemoCommand.Create(),
        SynthCommand.Create(),
        SynthPhotosCommand.Create(),
        TrainCommand.Create(),
        EvaluateCommand.Create(),
        MergeCommand.Create(),
        PredictCommand.Create(),
        AblateCommand.Create(),
        ExportCommand.Create(),
        ImportCommand.Create(),
        InfoCommand.Create(),
        BenchCommand.Create(),
    ];
}
