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
        var withoutVideo = new List<string>();
        foreach (var classDir in Folders(root))
        {
            string label = Path.GetFileName(classDir);
            int before = samples.Count;
            foreach (var file in Videos(classDir))
                samples.Add(new VideoSample(Path.GetFullPath(file), label, GroupOf(file, null)));
            foreach (var groupDir in Folders(classDir))
            {
                foreach (var file in Videos(groupDir))
                    samples.Add(new VideoSample(Path.GetFullPath(file), label, GroupOf(file, Path.GetFileName(groupDir))));
            }
            if (samples.Count == before)
                withoutVideo.Add(label);
        }
        string extensions = $"{{{string.Join(",", VideoDataset.VideoExtensions)}}}";
        if (samples.Count == 0)
            throw new DatasetManifestException(root, 0, $"no video found; expected root/<class>/[<group>/]*{extensions}.");
        // A class folder whose clips all have another extension would otherwise vanish from the model's classes unseen.
        if (withoutVideo.Count > 0)
            throw new DatasetManifestException(root, 0,
                $"class folder(s) {string.Join(", ", withoutVideo.Select(l => $"'{l}'"))} hold no video file ({extensions}); "
                + "convert their clips or move the folder(s) out of the data folder.");
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

    /// <summary>The sub-folders that can be classes or groups: hidden ones (<c>.git</c>, <c>.ipynb_checkpoints</c>) are not.</summary>
    private static IEnumerable<string> Folders(string folder) =>
        Directory.GetDirectories(folder).Where(d => !VideoDataset.IsHidden(Path.GetFileName(d))).Order(StringComparer.Ordinal);

    private static IEnumerable<string> Videos(string folder) =>
        Directory.EnumerateFiles(folder)
            .Where(VideoDataset.IsVideoFile)
            .Order(StringComparer.Ordinal);

    [GeneratedRegex(@"^v_.+_(?<group>g?\d+)_(?<clip>c?\d+)$", RegexOptions.IgnoreCase)]
    private static partial Regex UcfName();
}
