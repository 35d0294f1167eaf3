using TimeSformer.MLNet.Evaluation.Sharding;
using TimeSformer.Video;
using TimeSformer.Video.Datasets;

namespace TimeSformer.Cli.Arguments;

/// <summary>The videos <c>predict</c> is given: files (a time fragment allowed) and folders, which stand for every video
/// file below them (sorted, ordinal; hidden files and folders skipped), so a library of any size can be named without a
/// long command line.</summary>
internal static class PredictionInput
{
    /// <summary>Each argument as the list to score, keyed for sharding: a folder's videos relative to the folder, a
    /// file relative to the working directory. An argument that is neither stays in the list, so that scoring reports it
    /// as one bad video while the others are scored.</summary>
    /// <exception cref="InvalidDataException">A folder holds no video file.</exception>
    public static IReadOnlyList<ShardVideo> Expand(IEnumerable<string> arguments)
    {
        var videos = new List<ShardVideo>();
        foreach (string argument in arguments)
        {
            if (Directory.Exists(argument))
            {
                var found = Directory.EnumerateFiles(argument, "*", SearchOption.AllDirectories)
                    .Where(f => VideoDataset.IsVideoFile(f) && !InHiddenFolder(argument, f))
                    .Select(Path.GetFullPath).Order(StringComparer.Ordinal)
                    .Select(f => new ShardVideo(f, VideoShard.KeyOf(f, argument))).ToList();
                if (found.Count == 0)
                    throw new InvalidDataException($"Folder '{Path.GetFullPath(argument)}' holds no video file ({string.Join(", ", VideoDataset.VideoExtensions)}).");
                videos.AddRange(found);
                continue;
            }
            var (path, segment) = VideoSegment.Parse(argument);
            string full = Path.GetFullPath(path);
            videos.Add(new ShardVideo(segment?.AppendTo(full) ?? full, VideoShard.KeyOf(full, Environment.CurrentDirectory, segment)));
        }
        return videos;
    }

    // Hidden folders below the one named (.thumbnails, .Trash-1000) hold copies and caches, not the library's videos.
    private static bool InHiddenFolder(string folder, string file) =>
        Path.GetRelativePath(folder, Path.GetDirectoryName(file)!).Split(Path.DirectorySeparatorChar)
            .Any(part => part != "." && VideoDataset.IsHidden(part));
}
