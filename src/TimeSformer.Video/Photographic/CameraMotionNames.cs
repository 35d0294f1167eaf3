namespace TimeSformer.Video.Photographic;

/// <summary>The label of each <see cref="CameraMotion"/> (<c>pan_left</c>, ..., <c>roll_ccw</c>) and back.</summary>
public static class CameraMotionNames
{
    private static readonly string[] Names = ["pan_left", "pan_right", "pan_up", "pan_down", "zoom_in", "zoom_out", "roll_cw", "roll_ccw"];

    /// <summary>Every label, in the order of <see cref="CameraMotion"/>.</summary>
    public static IReadOnlyList<string> All => Names;

    /// <summary>The label of <paramref name="motion"/>, e.g. <c>pan_left</c>.</summary>
    public static string Of(CameraMotion motion) =>
        Enum.IsDefined(motion) ? Names[(int)motion] : throw new ArgumentOutOfRangeException(nameof(motion), $"Unknown camera motion {motion}.");

    /// <summary>The motion labelled <paramref name="name"/> (case-insensitive); throws <see cref="ArgumentException"/>
    /// listing the labels when there is none.</summary>
    public static CameraMotion Parse(string name)
    {
        int index = Array.FindIndex(Names, n => string.Equals(n, name?.Trim(), StringComparison.OrdinalIgnoreCase));
        return index >= 0
            ? (CameraMotion)index
            : throw new ArgumentException($"Unknown camera motion '{name}'; expected one of {string.Join(", ", Names)}.", nameof(name));
    }
}
