using OpenCvSharp;
using TimeSformer.Contract;

namespace TimeSformer.Video;

/// <summary>
/// Decodes a clip from a video file as the model sees it: frames chosen by the <see cref="ClipSpec"/>'s sampling,
/// short side resized, cropped, scaled to [0, 1] and normalised, laid out [T, 3, S, S] (RGB) in one float array.
/// The single entry point used by training and by ML.NET scoring, so both see identical clips.
/// </summary>
/// <remarks>Thread-safe: each call opens its own <see cref="VideoReader"/>. Only the clip's frames are held in
/// memory, whatever the video's length.</remarks>
public sealed class ClipLoader
{
    private readonly ClipPreprocessor preprocessor;

    /// <summary>Creates a loader for clips of <paramref name="spec"/>.</summary>
    public ClipLoader(ClipSpec spec)
        : this(spec, ClipLoaderOptions.Default)
    {
    }

    /// <summary>Creates a loader for clips of <paramref name="spec"/> with loader <paramref name="options"/>.</summary>
    public ClipLoader(ClipSpec spec, ClipLoaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        spec.Validate();
        options.Reader.Validate();
        Spec = spec;
        Options = options;
        preprocessor = new ClipPreprocessor(spec);
    }

    /// <summary>Raised when a video decodes with a problem that did not stop it (e.g. a wrong frame count in the header).</summary>
    public event EventHandler<VideoWarningEventArgs>? Warning;

    /// <summary>The clip produced.</summary>
    public ClipSpec Spec { get; }

    /// <summary>Loader-level options.</summary>
    public ClipLoaderOptions Options { get; }

    /// <summary>
    /// Loads one clip. With <paramref name="random"/> null the clip is the deterministic evaluation clip of
    /// <paramref name="view"/> (centre of each segment, the view's crop); with a random source it is a training
    /// clip (random offsets, random crop). A path ending in a time fragment, <c>video.mp4#t=12,20</c>
    /// (<see cref="VideoSegment"/>), samples the clip from those seconds only.
    /// </summary>
    /// <returns>T*3*S*S floats, layout [T, 3, S, S].</returns>
    /// <exception cref="VideoDecodeException">The path is empty, or the file is missing, not a video, or has no decodable frame.</exception>
    public float[] Load(string path, ClipView? view = null, Random? random = null)
    {
        var clip = new float[Spec.ValueCount];
        Load(path, clip, view, random);
        return clip;
    }

    /// <summary>Loads one clip into <paramref name="destination"/> (T*3*S*S values); otherwise as
    /// <see cref="Load(string, ClipView?, Random?)"/>.</summary>
    public void Load(string path, Span<float> destination, ClipView? view = null, Random? random = null)
    {
        var sampled = view ?? ClipView.Single;
        using var decoded = Decode(path, [n => FrameSampler.Sample(n, Spec, sampled, random)], sampled.TemporalCount);
        var crop = random is null ? sampled.Crop : CropPosition.Random;
        bool flip = Flips(random);
        preprocessor.Process(decoded.Frames(0), destination, crop, flip, random);
    }

    /// <summary>
    /// Loads the evaluation clips of several <paramref name="views"/> of one video (e.g. <see cref="ClipView.Grid"/>),
    /// decoding each needed frame once. Holds at most views x T decoded frames (fewer where views share frames). A time
    /// fragment on the path limits every view to that segment, as in <see cref="Load(string, ClipView?, Random?)"/>.
    /// </summary>
    /// <returns>One T*3*S*S array per view, in the order of <paramref name="views"/>.</returns>
    public float[][] LoadViews(string path, IReadOnlyList<ClipView> views)
    {
        ArgumentNullException.ThrowIfNull(views);
        return LoadPicks(path, [.. views.Select(v => (Func<int, int[]>)(n => FrameSampler.Sample(n, Spec, v)))],
            views.Select(v => v.TemporalCount).DefaultIfEmpty(1).Max(),
            (v, frames) => preprocessor.Process(frames, views[v].Crop));
    }

    /// <summary>
    /// Loads one training clip per random source, as <see cref="Load(string, ClipView?, Random?)"/> would with each
    /// (the same clips, bit for bit), but reads the video once for all of them: decoding is most of a clip's cost, so
    /// drawing a video's augmentation variants together costs little more than drawing one.
    /// </summary>
    /// <returns>One T*3*S*S array per random source, in the order of <paramref name="randoms"/>.</returns>
    /// <exception cref="VideoDecodeException">The path is empty, or the file is missing, not a video, or has no decodable frame.</exception>
    public float[][] LoadDraws(string path, IReadOnlyList<Random> randoms)
    {
        ArgumentNullException.ThrowIfNull(randoms);
        return LoadPicks(path, [.. randoms.Select(r => (Func<int, int[]>)(n => FrameSampler.Sample(n, Spec, ClipView.Single, r)))], 1,
            (d, frames) => preprocessor.Process(frames, CropPosition.Random, Flips(randoms[d]), randoms[d]));
    }

    /// <summary>
    /// Decodes every frame of the video (of its time fragment, if the path has one) and resizes it as clips are resized,
    /// so that <see cref="Load(ResizedVideo, ClipView?, Random?)"/> can draw any number of clips from it without decoding
    /// again. Holds one decoded frame at a time.
    /// </summary>
    /// <exception cref="VideoDecodeException">The path is empty, or the file is missing, not a video, or has no decodable frame.</exception>
    public ResizedVideo ReadResized(string path)
    {
        using var reader = OpenReader(path, out var segment);
        var size = preprocessor.ScaledSize(new Size(reader.Width, reader.Height));
        var (first, length) = segment is { } s ? s.Frames(reader.Path, reader.FrameCount, reader.Fps) : (0, reader.FrameCount);
        var frames = new List<byte[]>(length);
        reader.ReadEach(first, length, frame =>
        {
            if (frame.Width != reader.Width || frame.Height != reader.Height)
                throw new VideoDecodeException(path, $"frame {first + frames.Count} is {frame.Width}x{frame.Height}, not the stream's {reader.Width}x{reader.Height}.");
            frames.Add(preprocessor.Resize(frame));
        });
        if (frames.Count == 0)
            throw reader.NothingDecodes();
        WarnIfUnreliable(reader, frames.Count, 1);
        return new ResizedVideo { Path = path, Spec = Spec, FrameSize = size, Frames = frames };
    }

    /// <summary>
    /// Draws one clip from <paramref name="video"/>'s kept frames, equal to what <see cref="Load(string, ClipView?, Random?)"/>
    /// gives for its file with the same <paramref name="view"/> and random source (the same frames, crop and flip).
    /// </summary>
    /// <returns>T*3*S*S floats, layout [T, 3, S, S].</returns>
    /// <exception cref="ArgumentException"><paramref name="video"/> was resized for another clip.</exception>
    public float[] Load(ResizedVideo video, ClipView? view = null, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(video);
        if (video.Spec != Spec)
            throw new ArgumentException($"'{video.Path}' was resized for another clip than this loader's.", nameof(video));
        var sampled = view ?? ClipView.Single;
        var picks = FrameSampler.Sample(video.Frames.Count, Spec, sampled, random);
        var crop = random is null ? sampled.Crop : CropPosition.Random;
        bool flip = Flips(random);
        return preprocessor.Process([.. picks.Select(i => video.Frames[i])], video.FrameSize, crop, flip, random);
    }

    // Whether a clip is mirrored: training clips only, with the option on, by a coin from the clip's own random source
    // (drawn after its frames are sampled, so one clip and several draw the same numbers).
    private bool Flips(Random? random) => random is not null && Options.HorizontalFlip && random.Next(2) == 1;

    // Processes every sampler's frames in turn, from one decoding of the video.
    private float[][] LoadPicks(string path, IReadOnlyList<Func<int, int[]>> samplers, int temporalClips,
        Func<int, IReadOnlyList<Mat>, float[]> process)
    {
        if (samplers.Count == 0) return [];
        using var decoded = Decode(path, samplers, temporalClips);
        var clips = new float[samplers.Count][];
        for (int d = 0; d < samplers.Count; d++) clips[d] = process(d, decoded.Frames(d));
        return clips;
    }

    // Decodes the union of the frames each sampler picks, once. Samplers run in order before any processing, so a
    // random source shared with the processing is consumed in the same order whether one clip is loaded or several.
    private DecodedPicks Decode(string path, IReadOnlyList<Func<int, int[]>> samplers, int temporalClips)
    {
        using var reader = OpenReader(path, out var segment);
        int[][] picks = [];
        int[] union = [];
        int available = 0;
        var frames = reader.ReadFrames(count =>
        {
            picks = [.. samplers.Select(sample => Within(segment, reader, count, n =>
            {
                available = n;
                return sample(n);
            }))];
            union = [.. picks.SelectMany(i => i).Distinct().Order()];
            return union;
        });
        var decoded = new DecodedPicks(frames, union, picks);
        try
        {
            WarnIfUnreliable(reader, available, temporalClips);
            return decoded;
        }
        catch
        {
            decoded.Dispose();
            throw;
        }
    }

    // The decoded frames of several samplers' picks (each frame once), disposed together.
    private sealed class DecodedPicks(Mat[] frames, int[] union, int[][] picks) : IDisposable
    {
        // The frames sampler d picked, in its order, repeats included.
        public IReadOnlyList<Mat> Frames(int d) => [.. picks[d].Select(i => frames[Array.BinarySearch(union, i)])];

        public void Dispose()
        {
            foreach (var frame in frames) frame.Dispose();
        }
    }

    // A clip that had to repeat frames or blow up tiny frames still scores, but the user is told which video and why.
    private void WarnIfUnreliable(VideoReader reader, int available, int temporalClips)
    {
        void Warn(string message) => Warning?.Invoke(this, new VideoWarningEventArgs(reader.Path, message));
        if (available < Spec.Frames)
            Warn($"only {available} frame(s) decode, fewer than the {Spec.Frames} of a clip: frames are repeated and the prediction is unreliable.");
        else if (temporalClips > 1 && (long)temporalClips * Spec.Frames > available)
            Warn($"{temporalClips} temporal clips of {Spec.Frames} frames need {temporalClips * Spec.Frames} frames but {available} decode: "
                + "the clips overlap and repeat frames; use fewer temporal clips.");
        if (2 * Math.Min(reader.Width, reader.Height) < Spec.Size)
            Warn($"frames are {reader.Width}x{reader.Height} px, less than half the model's {Spec.Size} px clips: they are upscaled and the prediction is unreliable.");
    }

    // The sampler's indices inside the segment (the whole video without one), as indices of the video.
    private static int[] Within(VideoSegment? segment, VideoReader reader, int count, Func<int, int[]> sample)
    {
        if (segment is not { } s) return sample(count);
        var (first, length) = s.Frames(reader.Path, count, reader.Fps);
        return [.. sample(length).Select(i => first + i)];
    }

    // Opens the file of a path that may end in a time fragment; a malformed fragment is a bad video, like a missing file.
    private VideoReader OpenReader(string path, out VideoSegment? segment)
    {
        // A row with an empty path is a bad row like any other, reported and skipped, not an argument error.
        if (string.IsNullOrWhiteSpace(path))
            throw new VideoDecodeException(path ?? "", "the path is empty.");
        string file;
        try
        {
            (file, segment) = VideoSegment.Parse(path);
        }
        catch (ArgumentException e)
        {
            throw new VideoDecodeException(path, e.Message, e);
        }
        var reader = new VideoReader(file, Options.Reader);
        reader.Warning += (_, e) => Warning?.Invoke(this, e);
        return reader;
    }
}
