namespace TimeSformer.Torch.Model;

/// <summary>Converts <see cref="AttentionType"/> to and from the official config strings.</summary>
public static class AttentionTypeNames
{
    /// <summary>The official name, e.g. <c>divided_space_time</c>.</summary>
    public static string ToOfficial(AttentionType type) => type switch
    {
        AttentionType.DividedSpaceTime => "divided_space_time",
        AttentionType.SpaceOnly => "space_only",
        AttentionType.JointSpaceTime => "joint_space_time",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>Parses an official name (or the enum name, case-insensitive).</summary>
    public static AttentionType FromOfficial(string name) => name.Replace("_", "").ToLowerInvariant() switch
    {
        "dividedspacetime" or "divided" => AttentionType.DividedSpaceTime,
        "spaceonly" or "space" => AttentionType.SpaceOnly,
        "jointspacetime" or "joint" => AttentionType.JointSpaceTime,
        _ => throw new FormatException($"Unknown attention type '{name}'; use divided_space_time, space_only or joint_space_time."),
    };
}
