namespace TimeSformer.Video;

/// <summary>
/// One view of a video for multi-view scoring: temporal clip <see cref="TemporalIndex"/> of
/// <see cref="TemporalCount"/> spread over the whole video, and a spatial crop.
/// </summary>
/// <param name="TemporalIndex">Which temporal clip, 0-based.</param>
/// <param name="TemporalCount">How many temporal clips cover the video (1 = the whole video is one clip).</param>
/// <param name="Crop">The spatial crop.</param>
public sealed record ClipView(int TemporalIndex = 0, int TemporalCount = 1, CropPosition Crop = CropPosition.Center)
{
    /// <summary>The single evaluation view: the whole video, centre crop.</summary>
    public static ClipView Single { get; } = new();

    /// <summary>All views of a K x C scheme in a stable order (temporal major): C is 1 (centre) or 3 (start, centre, end).</summary>
    public static IReadOnlyList<ClipView> Grid(int temporalClips, int spatialCrops)
    {
        if (temporalClips < 1) throw new ArgumentOutOfRangeException(nameof(temporalClips), "At least one temporal clip is needed.");
        CropPosition[] crops = spatialCrops switch
        {
            1 => [CropPosition.Center],
            3 => [CropPosition.Start, CropPosition.Center, CropPosition.End],
            _ => throw new ArgumentOutOfRangeException(nameof(spatialCrops), "Spatial crops must be 1 or 3."),
        };
        return [.. Enumerable.Range(0, temporalClips).SelectMany(t => crops.Select(c => new ClipView(t, temporalClips, c)))];
    }
}
