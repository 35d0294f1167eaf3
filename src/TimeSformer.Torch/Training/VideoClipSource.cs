using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using TimeSformer.Contract;
using TimeSformer.Video;
using TimeSformer.Video.Datasets;

namespace TimeSformer.Torch.Training;

/// <summary>
/// Labelled video files read through <see cref="ClipLoader"/>, the same decoding and preprocessing ML.NET scoring
/// uses. Evaluation clips are <see cref="ClipView.Single"/>; training clips take random offsets and crops from a
/// seeded <see cref="Random"/>. Optionally keeps decoded clips in memory (small datasets: with
/// <see cref="TrainingOptions.AugmentationVariants"/> the number of distinct training clips is bounded), or each
/// video's resized frames (<see cref="ResizedVideo"/>), from which fresh clips are drawn every epoch without decoding.
/// </summary>
public sealed class VideoClipSource : IClipSource
{
    private readonly IReadOnlyList<(string Path, int Label)> samples;
    private readonly ClipLoader loader;
    private readonly ConcurrentDictionary<(int, int?), float[]>? cache;
    private readonly ConcurrentDictionary<int, ResizedVideo?>? videos;
    private readonly long frameBudget;
    private long frameBytes;
    private int keptVideos;
    private volatile bool budgetSpent;

    /// <summary>Creates a source over <paramref name="samples"/> (path, label index into <paramref name="labels"/>).</summary>
    /// <param name="samples">Video files and their label indices.</param>
    /// <param name="labels">Class names, indexed by label.</param>
    /// <param name="spec">The clip the model takes.</param>
    /// <param name="cacheClips">Keep every decoded clip in memory. Pair it with
    /// <see cref="TrainingOptions.AugmentationVariants"/> for training sets: otherwise every epoch draws new clips
    /// and the cache only grows.</param>
    /// <param name="loaderOptions">Loader choices such as horizontal flips (off by default: flips swap left and right).</param>
    /// <param name="frameCacheBytes">Keep each video's resized frames in memory, up to this many bytes in all (0 = none):
    /// every clip is then drawn from them, decoding each video once. Once a video does not fit, it and every video not
    /// yet read are decoded on every load instead (so long videos past the limit are not read whole in vain).
    /// Not together with <paramref name="cacheClips"/>.</param>
    public VideoClipSource(IReadOnlyList<(string Path, int Label)> samples, IReadOnlyList<string> labels, ClipSpec spec,
        bool cacheClips = false, ClipLoaderOptions? loaderOptions = null, long frameCacheBytes = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frameCacheBytes);
        if (cacheClips && frameCacheBytes > 0)
            throw new ArgumentException("Keep either the clips or the frames, not both.", nameof(frameCacheBytes));
        for (int i = 0; i < samples.Count; i++)
            if (samples[i].Label < 0 || samples[i].Label >= labels.Count)
                throw new ArgumentException($"Label {samples[i].Label} of '{samples[i].Path}' is outside the {labels.Count} classes.");
        this.samples = samples;
        loader = new ClipLoader(spec, loaderOptions ?? ClipLoaderOptions.Default);
        Labels = labels;
        ClipShape = [spec.Frames, 3, spec.Size, spec.Size];
        cache = cacheClips ? new() : null;
        videos = frameCacheBytes > 0 ? new() : null;
        frameBudget = frameCacheBytes;
    }

    /// <summary>Creates a source over every sample of <paramref name="dataset"/> (use its <c>Train</c> or <c>Test</c>
    /// subset for one split); labels are the dataset's.</summary>
    public VideoClipSource(VideoDataset dataset, ClipSpec spec, bool cacheClips = false, ClipLoaderOptions? loaderOptions = null,
        long frameCacheBytes = 0)
        : this([.. dataset.Samples.Select(s => (s.Location, dataset.LabelIndex(s.Label)))], dataset.Labels, spec, cacheClips, loaderOptions,
            frameCacheBytes)
    {
    }

    /// <inheritdoc />
    public int Count => samples.Count;

    /// <inheritdoc />
    public IReadOnlyList<string> Labels { get; }

    /// <inheritdoc />
    public IReadOnlyList<long> ClipShape { get; }

    /// <summary>Path of sample <paramref name="index"/>.</summary>
    public string PathOf(int index) => samples[index].Path;

    /// <inheritdoc />
    public int LabelOf(int index) => samples[index].Label;

    /// <inheritdoc />
    /// <exception cref="VideoDecodeException">The video cannot be decoded.</exception>
    public float[] Load(int index, int? augmentationSeed) =>
        cache is null ? Draw(index, augmentationSeed) : cache.GetOrAdd((index, augmentationSeed), key => Draw(key.Item1, key.Item2));

    /// <inheritdoc />
    public bool KeepsClips => cache is not null;

    /// <summary>Bytes of resized frames kept in memory (0 without a frame cache).</summary>
    public long KeptFrameBytes => Interlocked.Read(ref frameBytes);

    /// <summary>Videos whose resized frames are kept in memory (0 without a frame cache).</summary>
    public int KeptVideos => Volatile.Read(ref keptVideos);

    /// <summary>Whether this source keeps each video's resized frames (a frame budget was given).</summary>
    public bool KeepsFrames => videos is not null;

    /// <summary>
    /// Reads every video's frames into memory now, in sample order on up to <paramref name="workers"/> threads, until
    /// the frame budget is spent; <paramref name="progress"/> hears how many videos have been read. A run with a time
    /// budget calls this before training, so that its budget buys training steps: reading large or long videos once can
    /// take longer than many epochs of a small model, and inside the first epoch it would leave the rest few.
    /// </summary>
    /// <returns>The number of videos kept (<see cref="KeptVideos"/>).</returns>
    /// <exception cref="InvalidOperationException">The source keeps no frames.</exception>
    /// <exception cref="VideoDecodeException">A video cannot be decoded.</exception>
    public int KeepFrames(int workers = 2, IProgress<int>? progress = null)
    {
        if (videos is null) throw new InvalidOperationException("This source keeps no frames: give it a frame budget.");
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        int read = 0;
        try
        {
            Parallel.For(0, samples.Count, new ParallelOptions { MaxDegreeOfParallelism = workers }, (index, loop) =>
            {
                if (budgetSpent)
                {
                    loop.Stop();
                    return;
                }
                Resized(index);
                progress?.Report(Interlocked.Increment(ref read));
            });
        }
        catch (AggregateException e)
        {
            ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }
        return KeptVideos;
    }

    /// <inheritdoc />
    /// <remarks>Decodes the video once for every seed not yet kept (<see cref="ClipLoader.LoadDraws"/>), or draws every
    /// clip from its kept frames.</remarks>
    /// <exception cref="VideoDecodeException">The video cannot be decoded.</exception>
    public float[][] LoadDraws(int index, IReadOnlyList<int> augmentationSeeds)
    {
        ArgumentNullException.ThrowIfNull(augmentationSeeds);
        if (videos is not null) return [.. augmentationSeeds.Select(s => Draw(index, s))];
        var missing = cache is null ? augmentationSeeds : [.. augmentationSeeds.Where(s => !cache.ContainsKey((index, s))).Distinct()];
        var decoded = missing.Count == 0 ? [] : loader.LoadDraws(samples[index].Path, [.. missing.Select(s => new Random(s))]);
        if (cache is null) return decoded;
        for (int i = 0; i < missing.Count; i++) cache.TryAdd((index, missing[i]), decoded[i]);
        return [.. augmentationSeeds.Select(s => cache[(index, s)])];
    }

    // The clip of a seed (the evaluation clip without one), from the video's kept frames when it has them.
    private float[] Draw(int index, int? seed)
    {
        var random = seed is int s ? new Random(s) : null;
        return videos is not null && Resized(index) is { } video
            ? loader.Load(video, random: random)
            : loader.Load(samples[index].Path, random: random);
    }

    // The video's kept frames, read on first use; null for a video that did not fit in the budget and for every video
    // first asked for after that (each is decoded per load, which reads only the clip's frames).
    private ResizedVideo? Resized(int index)
    {
        if (videos!.TryGetValue(index, out var kept)) return kept;
        if (budgetSpent) return null;
        var video = loader.ReadResized(samples[index].Path);
        bool fits = Interlocked.Add(ref frameBytes, video.Bytes) <= frameBudget;
        if (fits && videos.TryAdd(index, video))
        {
            Interlocked.Increment(ref keptVideos);
            return video;
        }
        Interlocked.Add(ref frameBytes, -video.Bytes);
        if (!fits)
        {
            budgetSpent = true;
            videos.TryAdd(index, null);
        }
        return video;
    }
}
