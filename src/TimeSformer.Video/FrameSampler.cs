using TimeSformer.Contract;

namespace TimeSformer.Video;

/// <summary>
/// Chooses the frame indices of one clip: pure functions of the frame count, the clip spec, the view and an optional
/// random source. Indices are ascending and within [0, frameCount); short videos repeat frames rather than fail.
/// </summary>
/// <remarks>
/// A <see cref="ClipView"/> with K temporal clips gives each view a K-th of the possible offsets. Segment-uniform views
/// all span the whole video and take, in every segment, the frame at the view's K-th of it: each view sees the motion
/// at the speed the model was trained on (splitting the video into K parts instead would show it K times slower, and
/// a model trained on whole-video clips then fails). Fixed-stride views are windows spread evenly, each centred in its
/// K-th of the start range. The official code puts window i at <c>delta * i / K</c> (the first at the very start);
/// centring treats both ends alike and, for K = 1, takes the middle of the video, as the evaluation clip should.
/// </remarks>
public static class FrameSampler
{
    /// <summary>Samples by <paramref name="spec"/>'s <see cref="ClipSpec.Sampling"/>; a non-null
    /// <paramref name="random"/> makes it a training clip (random offsets), null the deterministic evaluation clip.</summary>
    public static int[] Sample(int frameCount, ClipSpec spec, ClipView? view = null, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Sampling switch
        {
            FrameSampling.SegmentUniform => SegmentUniform(frameCount, spec.Frames, view, random),
            FrameSampling.FixedStride => FixedStride(frameCount, spec.Frames, spec.Stride, view, random),
            _ => throw new ArgumentOutOfRangeException(nameof(spec), $"Unknown sampling {spec.Sampling}."),
        };
    }

    /// <summary>
    /// Splits the video into <paramref name="frames"/> equal segments and takes one frame from each, in the view's K-th
    /// of the segment: its centre (evaluation) or a uniformly random frame of it (training). With one view that is the
    /// segment's centre or any of its frames.
    /// </summary>
    public static int[] SegmentUniform(int frameCount, int frames, ClipView? view = null, Random? random = null)
    {
        Check(frameCount, frames, view, out var v);
        double segment = (double)frameCount / frames;
        var indices = new int[frames];
        for (int j = 0; j < frames; j++)
        {
            double offset = (v.TemporalIndex + (random is null ? 0.5 : random.NextDouble())) / v.TemporalCount;
            indices[j] = Math.Clamp((int)Math.Floor(segment * (j + offset)), 0, frameCount - 1);
        }
        return indices;
    }

    /// <summary>
    /// Takes <paramref name="frames"/> frames every <paramref name="stride"/>-th frame, the window starting centred in
    /// the view's share of the start range (evaluation) or uniformly at random in the whole range (training). Windows
    /// longer than the video are clamped to its last frame, as the official code does.
    /// </summary>
    public static int[] FixedStride(int frameCount, int frames, int stride, ClipView? view = null, Random? random = null)
    {
        Check(frameCount, frames, view, out var v);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        long window = (long)(frames - 1) * stride + 1;
        long delta = Math.Max(frameCount - window, 0);
        long start = random is null
            ? (long)Math.Floor(delta * (2.0 * v.TemporalIndex + 1) / (2.0 * v.TemporalCount))
            : random.NextInt64(delta + 1);
        var indices = new int[frames];
        for (int j = 0; j < frames; j++)
            indices[j] = (int)Math.Min(start + (long)j * stride, frameCount - 1);
        return indices;
    }

    private static void Check(int frameCount, int frames, ClipView? view, out ClipView v)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frameCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(frames, 1);
        v = view ?? ClipView.Single;
        if (v.TemporalCount < 1 || v.TemporalIndex < 0 || v.TemporalIndex >= v.TemporalCount)
            throw new ArgumentOutOfRangeException(nameof(view), $"View {v.TemporalIndex} of {v.TemporalCount} is not a valid temporal view.");
    }
}
