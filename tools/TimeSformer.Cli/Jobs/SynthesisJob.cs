using TimeSformer.Cli.Hosting;
using TimeSformer.Video.Datasets;
using TimeSformer.Video.Synthetic;

namespace TimeSformer.Cli.Jobs;

/// <summary>Writes a synthetic motion set and says what it wrote. Used by <c>synth</c> and <c>demo</c>.</summary>
internal static class SynthesisJob
{
    /// <summary>Clips per class written by default (and by <c>demo</c>): the library default (32) is for tests; a
    /// small model trained on that few backgrounds overfits them (docs/training-experiments.md).</summary>
    public const int DefaultClipsPerClass = 384;

    /// <summary>Groups written by default (and by <c>demo</c>): a quarter of them, 24, are held out for testing.</summary>
    public const int DefaultGroups = 96;

    /// <summary>Generates the set, saying what it wrote.</summary>
    public static SyntheticMotionDataset Generate(string root, SyntheticMotionOptions options, Terminal terminal)
    {
        options.Validate();
        var set = SyntheticMotionDataset.Generate(root, options);
        int test = set.Clips.Count(c => c.Split == VideoDataset.TestSplit);
        terminal.Line($"Wrote {set.Clips.Count} clips ({options.Classes.Count} classes x {options.ClipsPerClass}, "
            + $"{options.Width}x{options.Height} px, {options.Groups} groups; {set.Clips.Count - test} train, {test} test) to {set.Root}");
        return set;
    }
}
