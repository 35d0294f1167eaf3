namespace TimeSformer.Video.Synthetic;

/// <summary>What lies behind the moving object. Every kind is the same for every class of a group and index, so the
/// first frame still says nothing about the class.</summary>
public enum SyntheticBackground
{
    /// <summary>The group's own texture (plain, gradient, stripes, checker or blobs): the original set.</summary>
    Styled,

    /// <summary>One flat colour per group.</summary>
    Flat,

    /// <summary>A linear gradient between the group's two colours, across the whole frame.</summary>
    Gradient,

    /// <summary>A static fine random texture (4-pixel cells) mixing the group's two colours.</summary>
    Noise,

    /// <summary>The group's texture with small distractor discs drifting across it in random directions.</summary>
    Clutter,
}
