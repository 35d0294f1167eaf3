using OpenCvSharp;
using TimeSformer.Contract;
using TimeSformer.Video;
using TimeSformer.Video.Datasets;
using TimeSformer.Video.Synthetic;

namespace TimeSformer.MLNet.Quantization;

/// <summary>Preprocessed clips ([T, 3, S, S] values each) with optional class indices: what the quantizer calibrates
/// on and checks agreement on. The factories decode or render each clip when it is read, so that memory holds one clip
/// at a time however many are checked.</summary>
/// <param name="Clips">The clips.</param>
/// <param name="Labels">Class index per clip, in the model's label order; null when unknown.</param>
public sealed record LabeledClips(IReadOnlyList<float[]> Clips, IReadOnlyList<int>? Labels = null)
{
    /// <summary>Loads the evaluation clip (centre crop, segment-uniform frames) of each video with the model's clip
    /// spec; labels are mapped to the model's label order, and left out when any is not one of them.</summary>
    /// <param name="spec">The model's clip spec.</param>
    /// <param name="videos">Video paths with their labels (null: unknown).</param>
    /// <param name="modelLabels">The model's labels.</param>
    public static LabeledClips FromVideos(ClipSpec spec, IEnumerable<(string Path, string? Label)> videos, IReadOnlyList<string> modelLabels)
    {
        var list = videos.ToList();
        var loader = new ClipLoader(spec);
        return new LabeledClips(new OnDemandClips(list.Count, i => loader.Load(list[i].Path)), Indices(list.Select(v => v.Label), modelLabels));
    }

    /// <summary>Renders clips of the synthetic motion set in memory (no files), spread evenly over its classes, and
    /// preprocesses them like decoded ones.</summary>
    /// <param name="spec">The model's clip spec.</param>
    /// <param name="count">Clips to take.</param>
    /// <param name="modelLabels">The model's labels: synthetic class names give labelled clips (a model trained on the
    /// synthetic set); other models get unlabelled clips.</param>
    /// <param name="options">The synthetic set to draw from; defaults to the demo's (seed 0, 384 clips per class in 96 groups).</param>
    /// <param name="split"><c>train</c>, <c>test</c>, or null for both.</param>
    public static LabeledClips Synthetic(ClipSpec spec, int count, IReadOnlyList<string> modelLabels,
        SyntheticMotionOptions? options = null, string? split = VideoDataset.TestSplit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        options ??= new SyntheticMotionOptions { ClipsPerClass = 384, Groups = 96 };
        options = options with { Width = Math.Max(options.Width, spec.Size), Height = Math.Max(options.Height, spec.Size) };
        var pool = SyntheticMotionDataset.Plan(options).Where(c => split is null || c.Split == split).ToList();
        // Interleave the classes (the plan lists them one after another) so that any count is balanced.
        var chosen = pool.GroupBy(c => c.Motion)
            .SelectMany(g => g.Select((clip, i) => (clip, i)))
            .OrderBy(p => p.i).ThenBy(p => p.clip.Motion)
            .Take(count).Select(p => p.clip).ToList();
        var preprocessor = new ClipPreprocessor(spec);
        float[] Render(int i)
        {
            var clip = chosen[i];
            var frames = FrameSampler.Sample(clip.FrameCount, spec).Select(clip.RenderFrame).ToList();
            try
            {
                return preprocessor.Process(frames);
            }
            finally
            {
                foreach (Mat frame in frames) frame.Dispose();
            }
        }
        return new LabeledClips(new OnDemandClips(chosen.Count, Render), Indices(chosen.Select(c => (string?)c.Label), modelLabels));
    }

    private static int[]? Indices(IEnumerable<string?> labels, IReadOnlyList<string> modelLabels)
    {
        var index = modelLabels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        var result = new List<int>();
        foreach (var label in labels)
        {
            if (label is null || !index.TryGetValue(label, out int i)) return null;
            result.Add(i);
        }
        return [.. result];
    }
}
