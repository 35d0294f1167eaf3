namespace TimeSformer.Video;

/// <summary>
/// Decodes a clip from a video file as the model sees it: frames chosen by the <see cref="ClipSpec"/>'s sampling,
/// short side resized, cropped, scaled to [0, 1] and normalised, laid out [T, 3, S, S] (RGB) in one float array.
/// The single entry point used by training and by ML.NET scoring, so both see identical clips.
/// </summary>
public sealed class ClipLoader
{
    /// <summary>Creates a loader for clips of <paramref name="spec"/>.</summary>
    public ClipLoader(ClipSpec spec)
    {
        spec.Validate();
        Spec = spec;
    }

    /// <summary>The clip produced.</summary>
    public ClipSpec Spec { get; }

    /// <summary>
    /// Loads one clip. With <paramref name="random"/> null the clip is the deterministic evaluation clip of
    /// <paramref name="view"/> (centre of each segment, the view's crop); with a random source it is a training
    /// clip (random offsets, random crop).
    /// </summary>
    /// <returns>T*3*S*S floats, layout [T, 3, S, S].</returns>
    /// <exception cref="VideoDecodeException">The file is missing, not a video, or has no decodable frame.</exception>
    public float[] Load(string path, ClipView? view = null, Random? random = null) =>
        throw new NotImplementedException();
}
