namespace TimeSformer.MLNet;

/// <summary>What a video transform does with a row whose video cannot be decoded.</summary>
public enum BadVideoHandling
{
    /// <summary>Throw the <see cref="TimeSformer.Video.VideoDecodeException"/> (it names the file) when the row is read.</summary>
    Throw,

    /// <summary>Fill the clip with NaN and write the reason to an error column, so that the row can be reported and
    /// filtered out (scores computed from such a clip are NaN).</summary>
    Skip,
}
