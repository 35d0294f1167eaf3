using System.CommandLine;
using TimeSformer.Cli.Hosting;
using TimeSformer.Video.Datasets;
using TimeSformer.Video.Synthetic;

namespace TimeSformer.Cli.Arguments;

/// <summary>Reads the <c>--data</c> argument: a CSV manifest, or a folder (its <c>manifest.csv</c> when it has one,
/// as the synthetic set does, else the <c>root/&lt;class&gt;/[&lt;group&gt;/]*.avi</c> layout).</summary>
internal static class DatasetInput
{
    /// <summary>The <c>--data</c> option of the verbs that read a labelled dataset.</summary>
    public static Option<string> CreateOption() => new("--data")
    {
        Description = "A folder root/<class>/[<group>/]*.avi (or holding a manifest.csv), or a CSV manifest path,label[,split][,group].",
        Required = true,
    };

    public static VideoDataset Load(string path)
    {
        if (File.Exists(path) && VideoDataset.IsVideoFile(path))
            throw new UsageException($"--data '{path}' is a video; give a folder of class folders or a CSV manifest (path,label[,split]).");
        if (File.Exists(path))
            return VideoDataset.FromCsv(path);
        if (!Directory.Exists(path))
            throw new FileNotFoundException($"Data '{path}' does not exist: give a folder of class folders or a CSV manifest.", path);
        string manifest = Path.Combine(path, SyntheticMotionDataset.ManifestFileName);
        return File.Exists(manifest) ? VideoDataset.FromCsv(manifest) : VideoDataset.FromFolder(path);
    }

    /// <summary>The folder that sample paths are made relative to for sharding: the manifest's folder, or the data folder.</summary>
    public static string Root(string path) => File.Exists(path) ? Path.GetDirectoryName(Path.GetFullPath(path))! : Path.GetFullPath(path);

    /// <summary>The dataset with every sample in a split: the manifest's <c>split</c> column when it has one, else a
    /// group-aware split (no group on both sides). <paramref name="description"/> says which.</summary>
    public static VideoDataset WithSplits(VideoDataset data, double testFraction, int seed, out string description)
    {
        if (data.Samples.Any(s => s.Split is not null))
        {
            description = "the data's split column";
            return data;
        }
        description = $"group-aware split: {testFraction:0%} of {data.GroupCount} groups to test (seed {seed})";
        return data.SplitByGroup(testFraction, seed);
    }

    /// <summary>The samples of <paramref name="split"/> (<c>all</c> for every sample), split as
    /// <see cref="WithSplits"/> does when the data has no split column.</summary>
    public static VideoDataset Select(VideoDataset data, string split, double testFraction, int seed, out string description)
    {
        if (split.Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            description = "all samples";
            return data;
        }
        var subset = WithSplits(data, testFraction, seed, out description).Subset(split);
        if (subset.Samples.Count == 0)
            throw new InvalidDataException($"The data has no sample in split '{split}' ({description}).");
        return subset;
    }
}
