namespace TimeSformer.Torch.Model;

/// <summary>Self-attention scheme of a TimeSformer block (paper, section 3 and table 1).</summary>
public enum AttentionType
{
    /// <summary>Temporal attention over the T tokens at each patch position, then spatial attention within each
    /// frame (official <c>divided_space_time</c>).</summary>
    DividedSpaceTime,

    /// <summary>Spatial attention within each frame only; frame outputs are averaged at the end (official
    /// <c>space_only</c>).</summary>
    SpaceOnly,

    /// <summary>One attention over all T*N patch tokens (official <c>joint_space_time</c>).</summary>
    JointSpaceTime,
}
