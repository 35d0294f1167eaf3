using TimeSformer.Video.Datasets;

namespace TimeSformer.Video.Synthetic;

/// <summary>
/// A generated action-recognition set whose classes differ only in time: an object drifting left/right/up/down,
/// growing/shrinking or turning either way, over random textured backgrounds with noise. Every class draws the
/// object's first position, size and angle from the same distribution (clip <c>gNN_cMM</c> of every class even starts
/// from the same first frame), so no single frame tells the classes apart.
/// Files are real encoded videos in the folder layout <c>root/&lt;class&gt;/v_&lt;class&gt;_gNN_cMM.avi</c>, with a
/// <c>manifest.csv</c> (<c>path,label,split,group</c>) whose split leaves whole groups out for testing.
/// </summary>
public sealed class SyntheticMotionDataset
{
    /// <summary>File name of the manifest written in the root folder.</summary>
    public const string ManifestFileName = "manifest.csv";

    private SyntheticMotionDataset(string root, SyntheticMotionOptions options, IReadOnlyList<SyntheticClip> clips)
    {
        Root = root;
        Options = options;
        Clips = clips;
    }

    /// <summary>The folder written.</summary>
    public string Root { get; }

    /// <summary>The manifest path.</summary>
    public string ManifestPath => System.IO.Path.Combine(Root, ManifestFileName);

    /// <summary>The options used.</summary>
    public SyntheticMotionOptions Options { get; }

    /// <summary>Every clip, class by class, then by group and index.</summary>
    public IReadOnlyList<SyntheticClip> Clips { get; }

    /// <summary>The label of <paramref name="motion"/>, e.g. <c>move_left</c>, <c>rotate_cw</c>.</summary>
    public static string ClassName(MotionClass motion) => motion switch
    {
        MotionClass.MoveLeft => "move_left",
        MotionClass.MoveRight => "move_right",
        MotionClass.MoveUp => "move_up",
        MotionClass.MoveDown => "move_down",
        MotionClass.Grow => "grow",
        MotionClass.Shrink => "shrink",
        MotionClass.RotateClockwise => "rotate_cw",
        MotionClass.RotateCounterclockwise => "rotate_ccw",
        _ => throw new ArgumentOutOfRangeException(nameof(motion), $"Unknown motion class {motion}."),
    };

    /// <summary>The clips that <paramref name="options"/> describe, without writing anything.</summary>
    public static IReadOnlyList<SyntheticClip> Plan(SyntheticMotionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var groupNames = Enumerable.Range(1, options.Groups).Select(g => $"g{g:00}").ToArray();
        var testGroups = GroupSplitter.TestGroups(groupNames, options.TestFraction, options.Seed);
        var styles = Enumerable.Range(1, options.Groups)
            .Select(g => new SyntheticStyle(new Random(unchecked(options.Seed * 7919 + g * 104_729))))
            .ToArray();
        var clips = new List<SyntheticClip>();
        foreach (var motion in options.Classes)
        {
            for (int k = 0; k < options.ClipsPerClass; k++)
            {
                int group = k % options.Groups + 1, index = k / options.Groups + 1;
                // The class is not in the seed: clip gNN_cMM of every class starts from the same first frame.
                int seed = unchecked((options.Seed * 1_000_003 + group) * 1_013 + index);
                string split = testGroups.Contains(groupNames[group - 1]) ? VideoDataset.TestSplit : VideoDataset.TrainSplit;
                clips.Add(new SyntheticClip(motion, group, index, split, styles[group - 1], options, seed));
            }
        }
        return clips;
    }

    /// <summary>Writes the clips of <paramref name="options"/> and the manifest under <paramref name="root"/>.
    /// Each file is written under a temporary name and moved into place, so no half-written video remains.</summary>
    public static SyntheticMotionDataset Generate(string root, SyntheticMotionOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        options ??= new SyntheticMotionOptions();
        var clips = Plan(options);
        var dataset = new SyntheticMotionDataset(System.IO.Path.GetFullPath(root), options, clips);
        // A missing ffmpeg is one clear error before any work, not one per clip from the parallel writers.
        if (options.Container == SyntheticContainer.Mp4H264) FfmpegVideoWriter.EnsureAvailable(options.FfmpegPath);
        foreach (var motion in options.Classes)
            Directory.CreateDirectory(System.IO.Path.Combine(dataset.Root, ClassName(motion)));
        Parallel.ForEach(clips, ClipFileWriter.Parallelism, clip => Write(clip, dataset.PathOf(clip), options));
        dataset.ToVideoDataset().WriteCsv(dataset.ManifestPath);
        return dataset;
    }

    /// <summary>The full path of <paramref name="clip"/>'s file.</summary>
    public string PathOf(SyntheticClip clip) =>
        System.IO.Path.Combine(Root, clip.Label, clip.FileName(Options.Container));

    /// <summary>The generated clips as a dataset (labels sorted, splits and groups set).</summary>
    public VideoDataset ToVideoDataset() =>
        new(Clips.Select(c => new VideoSample(PathOf(c), c.Label, $"g{c.Group:00}", c.Split)));

    private static void Write(SyntheticClip clip, string path, SyntheticMotionOptions options) =>
        ClipFileWriter.Write(path, clip.Width, clip.Height, clip.FrameCount, clip.RenderFrame, options.Container, options.Fps, options.FfmpegPath);
}
