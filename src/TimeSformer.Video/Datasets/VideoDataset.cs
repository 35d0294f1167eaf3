namespace TimeSformer.Video.Datasets;

/// <summary>
/// Labelled videos with an ordered list of class labels. Labels are sorted (ordinal), so the class order, which
/// is saved with every model, is the same whichever order the files were listed in.
/// </summary>
public sealed class VideoDataset
{
    /// <summary>Split name of training samples.</summary>
    public const string TrainSplit = "train";

    /// <summary>Split name of test samples.</summary>
    public const string TestSplit = "test";

    /// <summary>Split name of validation samples: they choose the best checkpoint and drive early stopping, so the
    /// test split chooses nothing.</summary>
    public const string ValidationSplit = "val";

    /// <summary>Video file extensions recognised in folder layouts: the containers FFmpeg (OpenCV's decoder) reads that
    /// cameras, phones and editors write (QuickTime <c>.mov</c>, AVCHD <c>.mts</c>, MPEG-TS, Windows Media, ...).</summary>
    public static IReadOnlyList<string> VideoExtensions { get; } =
        [".avi", ".mp4", ".mkv", ".webm", ".mov", ".m4v", ".mpg", ".mpeg", ".wmv", ".3gp", ".ts", ".mts", ".m2ts", ".flv", ".ogv"];

    /// <summary>Whether <paramref name="path"/> has one of <see cref="VideoExtensions"/> (any case) and is not hidden: a
    /// name starting with '.' is skipped, such as the <c>._clip.mov</c> resource forks macOS writes beside copied
    /// files, which carry a video's extension but hold no video.</summary>
    public static bool IsVideoFile(string path) =>
        !IsHidden(Path.GetFileName(path)) && VideoExtensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether a file or folder <paramref name="name"/> is hidden (starts with '.'), so that data folders and
    /// video libraries skip it.</summary>
    public static bool IsHidden(string name) => name.StartsWith('.');

    private readonly Dictionary<string, int> labelIndex;

    /// <summary>Creates a dataset. <paramref name="labels"/> may name classes without samples (e.g. all classes of
    /// a split file); by default they are the samples' labels. Either way they are sorted.</summary>
    public VideoDataset(IEnumerable<VideoSample> samples, IEnumerable<string>? labels = null)
    {
        ArgumentNullException.ThrowIfNull(samples);
        Samples = [.. samples];
        Labels = [.. (labels ?? Samples.Select(s => s.Label)).Distinct().Order(StringComparer.Ordinal)];
        labelIndex = Labels.Select((label, i) => (label, i)).ToDictionary(p => p.label, p => p.i, StringComparer.Ordinal);
        if (Samples.FirstOrDefault(s => !labelIndex.ContainsKey(s.Label)) is { } stray)
            throw new ArgumentException($"Sample '{stray.Path}' has label '{stray.Label}', which is not among the dataset's labels.", nameof(samples));
    }

    /// <summary>Class labels in model output order (sorted, ordinal).</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>The samples, in listing order.</summary>
    public IReadOnlyList<VideoSample> Samples { get; }

    /// <summary>Distinct groups among the samples (a sample without a group is a group of its own).</summary>
    public int GroupCount => Samples.Select(GroupSplitter.Key).Distinct(StringComparer.Ordinal).Count();

    /// <summary>The 0-based class index of <paramref name="label"/>.</summary>
    public int LabelIndex(string label) => labelIndex.TryGetValue(label, out int i)
        ? i
        : throw new KeyNotFoundException($"Label '{label}' is not one of the dataset's {Labels.Count} classes.");

    /// <summary>The samples of one split, with the same labels.</summary>
    public VideoDataset Subset(string split) =>
        new(Samples.Where(s => string.Equals(s.Split, split, StringComparison.OrdinalIgnoreCase)), Labels);

    /// <summary>The training samples (<see cref="TrainSplit"/>).</summary>
    public VideoDataset Train => Subset(TrainSplit);

    /// <summary>The test samples (<see cref="TestSplit"/>).</summary>
    public VideoDataset Test => Subset(TestSplit);

    /// <summary>The validation samples (<see cref="ValidationSplit"/>).</summary>
    public VideoDataset Validation => Subset(ValidationSplit);

    /// <summary>
    /// Assigns every sample to <see cref="TrainSplit"/> or <see cref="TestSplit"/> so that no group is on both sides
    /// (samples without a group are groups of their own). Deterministic for a seed.
    /// </summary>
    /// <param name="testFraction">Fraction of the groups put in the test split; at least one group goes to each
    /// side when there are two or more and the fraction is positive.</param>
    /// <param name="seed">Seed of the group shuffle.</param>
    public VideoDataset SplitByGroup(double testFraction, int seed = 0) =>
        new(GroupSplitter.Assign(Samples, testFraction, seed), Labels);

    /// <summary>
    /// Moves whole groups of the training split to <see cref="ValidationSplit"/>, as <see cref="SplitByGroup"/> moves
    /// groups to the test split: no group ends up on two sides, and the other splits are left as they are.
    /// Deterministic for a seed.
    /// </summary>
    /// <param name="fraction">Fraction of the training groups held out, in (0, 1); at least one group goes to each side.</param>
    /// <param name="seed">Seed of the group shuffle.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fraction"/> is not in (0, 1).</exception>
    /// <exception cref="InvalidOperationException">The training split has fewer than two groups.</exception>
    public VideoDataset HoldOutValidation(double fraction, int seed = 0) =>
        new(GroupSplitter.AssignValidation(Samples, fraction, seed), Labels);

    /// <summary>Reads <c>root/&lt;class&gt;/[&lt;group&gt;/]*.video</c> (<see cref="VideoExtensions"/>; hidden files
    /// and folders are skipped). Groups come from UCF-style names <c>v_&lt;class&gt;_&lt;group&gt;_&lt;clip&gt;</c>, else
    /// from a group folder.</summary>
    /// <exception cref="DatasetManifestException">The folder is missing, holds no video, or has a class folder without
    /// one (its class would silently be missing from the model).</exception>
    public static VideoDataset FromFolder(string root) => FolderLayout.Read(root);

    /// <summary>Reads a CSV manifest <c>path,label[,split]</c> (header optional; with a header, columns go by the names
    /// <c>path</c>, <c>label</c>, <c>split</c>, <c>group</c>, <c>start</c>, <c>end</c>, the last two in seconds of
    /// the labelled segment: <see cref="VideoSample.Segment"/>). Relative paths are resolved against the manifest's
    /// folder; groups not given come from UCF-style file names.</summary>
    /// <exception cref="DatasetManifestException">A line is malformed or names a missing file.</exception>
    public static VideoDataset FromCsv(string manifestPath) => CsvManifest.Read(manifestPath);

    /// <summary>Reads UCF101 split files from <paramref name="splitFolder"/> (<c>classInd.txt</c>,
    /// <c>trainlist0N.txt</c>, <c>testlist0N.txt</c>) for videos under <paramref name="videoRoot"/>.</summary>
    /// <exception cref="DatasetManifestException">A split file is missing or malformed, or names a missing video.</exception>
    public static VideoDataset FromUcf101(string videoRoot, string splitFolder, int splitNumber = 1) =>
        Ucf101Splits.Read(videoRoot, splitFolder, splitNumber);

    /// <summary>Writes a CSV manifest <c>path,label,split,group</c> with paths relative to the manifest's folder
    /// (temporary file, then moved into place).</summary>
    public void WriteCsv(string manifestPath) => CsvManifest.Write(this, manifestPath);
}
