namespace TimeSformer.Contract;

/// <summary>How the frames of one clip are chosen from a video.</summary>
public enum FrameSampling
{
    /// <summary>Split the video into T equal segments and take one frame from each (centre when evaluating, a random
    /// offset when training).</summary>
    SegmentUniform,

    /// <summary>Take T frames every <see cref="ClipSpec.Stride"/>-th frame (the official 8x32 recipe), from a centred
    /// start when evaluating and a random start when training.</summary>
    FixedStride,
}
