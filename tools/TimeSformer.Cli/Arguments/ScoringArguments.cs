using System.CommandLine;
using TimeSformer.MLNet;

namespace TimeSformer.Cli.Arguments;

/// <summary>The scoring options of <c>evaluate</c> and <c>predict</c>: multi-view sampling, ONNX Runtime threads and
/// device.</summary>
internal sealed class ScoringArguments
{
    private static readonly VideoScoringOptions Defaults = new();

    public Option<int> TemporalClips { get; } = new Option<int>("--temporal-clips")
    {
        Description = "Clips spread over each video; their probabilities are averaged.",
        DefaultValueFactory = _ => Defaults.TemporalClips,
    }.Between(1, 100);

    public Option<int> SpatialCrops { get; } = new Option<int>("--spatial-crops")
    {
        Description = "Crops per clip: 1 (centre) or 3 (both ends and centre of the long side; one for a model that stretches whole frames).",
        DefaultValueFactory = _ => Defaults.SpatialCrops,
    };

    public ScoringArguments() => SpatialCrops.AcceptOnlyFromAmong("1", "3");

    public Option<int?> Threads { get; } = new Option<int?>("--threads") { Description = "ONNX Runtime intra-op threads (default: ONNX Runtime's choice)." }.AtLeast(1);

    public Option<int?> Gpu { get; } = new Option<int?>("--gpu") { Description = "CUDA device to score on; the CPU is used when CUDA is not installed (default: CPU)." }.AtLeast(0);

    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { TemporalClips, SpatialCrops, Threads, Gpu })
            command.Options.Add(option);
    }

    public VideoScoringOptions Read(ParseResult parse) => Defaults with
    {
        TemporalClips = parse.GetValue(TemporalClips),
        SpatialCrops = parse.GetValue(SpatialCrops),
        IntraOpThreads = parse.GetValue(Threads),
        GpuDeviceId = parse.GetValue(Gpu),
    };
}
