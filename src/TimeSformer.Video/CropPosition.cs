namespace TimeSformer.Video;

/// <summary>Where the square crop is taken from a resized frame.</summary>
public enum CropPosition
{
    /// <summary>The centre (evaluation default).</summary>
    Center,

    /// <summary>The left (landscape) or top (portrait) end: first of the three-crop test views.</summary>
    Start,

    /// <summary>The right (landscape) or bottom (portrait) end: last of the three-crop test views.</summary>
    End,

    /// <summary>A random position (training).</summary>
    Random,
}
