using System.Text.RegularExpressions;

namespace TimeSformer.Video.Datasets;

/// <summary>Reads <c>root/&lt;class&gt;/[&lt;group&gt;/]*.video</c> and UCF-style clip names.</summary>
internal static partial class FolderLayout
{
    public static VideoDataset Read(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        if (!Directory.Exists(root))
            throw new DatasetManifestException(root, 0, "the folder does not exist.");
        var samples = new List<VideoSample>();
        foreach (var classDir in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            string label = Path.GetFileName(classDir);
            foreach (var file in Videos(classDir))
                samples.Add(new VideoSample(Path.GetFullPath(file), label, GroupOf(file, null)));
            foreach (var groupDir in Directory.GetDirectories(classDir).Order(StringComparer.Ordinal))
            {
                foreach (var file in Videos(groupDir))
                    samples.Add(new VideoSample(Path.GetFullPath(file), label, GroupOf(file, Path.GetFileName(groupDir))));
            }
        }
        if (samples.Count == 0)
            throw new DatasetManifestException(root, 0,
                $"no video found; expected root/<class>/[<group>/]*{{{string.Join(",", VideoDataset.VideoExtensions)}}}.");
        return new VideoDataset(samples);
    }

    /// <summary>The group of a UCF-style name <c>v_&lt;class&gt;_&lt;group&gt;_&lt;clip&gt;</c> (e.g. <c>01</c>,
    /// <c>g08</c>), or null.</summary>
    public static string? GroupFromName(string file)
    {
        var match = UcfName().Match(Path.GetFileNameWithoutExtension(file));
        return match.Success ? match.Groups["group"].Value : null;
    }

    private static string? GroupOf(string file, string? groupFolder) => GroupFromName(file) ?? groupFolder;

    private static IEnumerable<string> Videos(string folder) =>
        Directory.EnumerateFiles(folder)
            .Where(VideoDataset.IsVideoFile)
            .Order(StringComparer.Ordinal);

    [GeneratedRegex(@"^v_.+_(?<group>g?\d+)_(?<clip>c?\d+)$", RegexOptions.IgnoreCase)]
    private static partial Regex UcfName();
}
