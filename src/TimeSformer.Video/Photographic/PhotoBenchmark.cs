using TimeSformer.Video.Datasets;
using TimeSformer.Video.Synthetic;

namespace TimeSformer.Video.Photographic;

/// <summary>
/// An action-recognition benchmark filmed from a folder of photographs by a virtual camera (see
/// <see cref="CameraMotion"/> for the naming convention). <see cref="PhotoBenchmarkSet.Camera"/> has one class per
/// camera motion, so only time tells the classes apart; <see cref="PhotoBenchmarkSet.SceneMotion"/> crosses the kind
/// of each photograph (its subfolder) with a few motions, so a class needs both what is seen and how it moves.
/// Files are real encoded videos, <c>root/&lt;class&gt;/v_&lt;class&gt;_sNN_cMM.avi</c> (or <c>.mp4</c>), with a
/// <c>manifest.csv</c> (<c>path,label,split,group</c>) whose group is the photograph: a fraction of the photographs
/// of each kind, at least one, goes wholly to the test split.
/// </summary>
public sealed class PhotoBenchmark
{
    private PhotoBenchmark(string root, PhotoBenchmarkOptions options, IReadOnlyList<PhotoSource> sources, IReadOnlyList<PhotoClip> clips)
    {
        Root = root;
        Options = options;
        Sources = sources;
        Clips = clips;
    }

    /// <summary>The folder written.</summary>
    public string Root { get; }

    /// <summary>The manifest path.</summary>
    public string ManifestPath => System.IO.Path.Combine(Root, SyntheticMotionDataset.ManifestFileName);

    /// <summary>The options used.</summary>
    public PhotoBenchmarkOptions Options { get; }

    /// <summary>The photographs filmed.</summary>
    public IReadOnlyList<PhotoSource> Sources { get; }

    /// <summary>Every clip, class by class, then by clip number.</summary>
    public IReadOnlyList<PhotoClip> Clips { get; }

    /// <summary>The clips that <paramref name="options"/> describe over the photographs of <paramref name="imageFolder"/>,
    /// without writing anything (each image is read once to check it).</summary>
    /// <exception cref="PhotoBenchmarkException">The folder cannot make the set: see <see cref="PhotoFolder.Read"/>;
    /// too few images (of a kind) for a split, too few kinds, or fewer clips per class than images of a kind.</exception>
    public static IReadOnlyList<PhotoClip> Plan(string imageFolder, PhotoBenchmarkOptions options) => Plan(imageFolder, options, out _);

    /// <summary>Films the clips of <paramref name="options"/> over the photographs of <paramref name="imageFolder"/>
    /// into <paramref name="root"/> and writes the manifest. Each file is written under a temporary name and moved
    /// into place, so no half-written video remains.</summary>
    public static PhotoBenchmark Generate(string imageFolder, string root, PhotoBenchmarkOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        options ??= new PhotoBenchmarkOptions();
        var clips = Plan(imageFolder, options, out var sources);
        var set = new PhotoBenchmark(System.IO.Path.GetFullPath(root), options, sources, clips);
        if (options.Container == SyntheticContainer.Mp4H264) FfmpegVideoWriter.EnsureAvailable(options.FfmpegPath);
        foreach (string label in clips.Select(c => c.Label).Distinct())
            Directory.CreateDirectory(System.IO.Path.Combine(set.Root, label));
        // One photograph at a time per thread: it is decoded and shrunk once for all its clips.
        Parallel.ForEach(clips.GroupBy(c => c.Source), ClipFileWriter.Parallelism, group =>
        {
            using var photo = PhotoClip.LoadWorkingCopy(group.Key, options.Width, options.Height);
            foreach (var clip in group)
                ClipFileWriter.Write(set.PathOf(clip), clip.Width, clip.Height, clip.FrameCount, i => clip.RenderFrame(photo, i),
                    options.Container, options.Fps, options.FfmpegPath);
        });
        set.ToVideoDataset().WriteCsv(set.ManifestPath);
        return set;
    }

    /// <summary>The full path of <paramref name="clip"/>'s file.</summary>
    public string PathOf(PhotoClip clip) => System.IO.Path.Combine(Root, clip.Label, clip.FileName(Options.Container));

    /// <summary>The clips as a dataset (labels sorted; the group of a clip is its photograph).</summary>
    public VideoDataset ToVideoDataset() =>
        new(Clips.Select(c => new VideoSample(PathOf(c), c.Label, c.Source.Group, c.Split)));

    private static List<PhotoClip> Plan(string imageFolder, PhotoBenchmarkOptions options, out IReadOnlyList<PhotoSource> sources)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        string folder = System.IO.Path.GetFullPath(imageFolder);
        sources = PhotoFolder.Read(folder, options.Set, options.Width, options.Height);
        var kinds = sources.GroupBy(s => s.Kind).OrderBy(k => k.Key, StringComparer.Ordinal).ToList();
        Require(folder, kinds, options);
        var numbers = sources.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => p.i + 1);
        var clips = new List<PhotoClip>();
        foreach (var kind in kinds)
        {
            var photos = kind.ToList();
            var test = GroupSplitter.TestGroups(photos.Select(p => p.Group), options.TestFraction, options.Seed);
            foreach (var motion in options.Motions)
            {
                string label = kind.Key.Length == 0 ? CameraMotionNames.Of(motion) : $"{kind.Key}_{CameraMotionNames.Of(motion)}";
                for (int k = 0; k < options.ClipsPerClass; k++)
                {
                    var photo = photos[k % photos.Count];
                    int number = numbers[photo], index = k / photos.Count + 1;
                    var random = new Random(unchecked(((options.Seed * 1_000_003 + number) * 1_013 + index) * 31 + (int)motion));
                    int frames = random.Next(options.MinFrames, options.MaxFrames + 1);
                    double speed = options.MinSpeed + random.NextDouble() * (options.MaxSpeed - options.MinSpeed);
                    var working = PhotoClip.WorkingSize(photo, options.Width, options.Height);
                    var (start, end) = CameraPathPlanner.Plan(working, options.Width, options.Height, motion, speed, random);
                    string split = test.Contains(photo.Group) ? VideoDataset.TestSplit : VideoDataset.TrainSplit;
                    clips.Add(new PhotoClip(photo, number, motion, label, index, split, frames, options.Width, options.Height, start, end));
                }
            }
        }
        return clips;
    }

    // Enough images per kind for a split that holds whole images out, enough kinds, and a clip of every image per class.
    private static void Require(string folder, List<IGrouping<string, PhotoSource>> kinds, PhotoBenchmarkOptions options)
    {
        if (options.Set == PhotoBenchmarkSet.Camera)
        {
            if (kinds[0].Count() < 2)
                throw new PhotoBenchmarkException(folder, $"Image folder '{folder}' holds 1 image ('{kinds[0].First().Path}'); "
                    + "the camera set needs at least 2, so that whole images are held out for testing.");
        }
        else
        {
            if (kinds.Count < 2)
                throw new PhotoBenchmarkException(folder, $"Image folder '{folder}' holds 1 kind ('{kinds[0].Key}'); the scene-motion set "
                    + "needs at least 2 kind subfolders ('<folder>/<kind>/*.jpg').");
            if (kinds.FirstOrDefault(k => k.Count() < 2) is { } lonely)
                throw new PhotoBenchmarkException(lonely.First().Path, $"Kind '{lonely.Key}' has 1 image ('{lonely.First().Path}'); every kind "
                    + "needs at least 2, so that whole images are held out for testing.");
        }
        var largest = kinds.MaxBy(k => k.Count())!;
        if (options.ClipsPerClass < largest.Count())
            throw new PhotoBenchmarkException(folder, $"{options.ClipsPerClass} clips per class are fewer than the {largest.Count()} images"
                + (largest.Key.Length == 0 ? "" : $" of kind '{largest.Key}'") + $" in '{folder}': ask for at least {largest.Count()}, so that every image shows every motion.");
    }
}
