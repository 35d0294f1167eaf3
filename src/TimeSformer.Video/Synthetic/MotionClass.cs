namespace TimeSformer.Video.Synthetic;

/// <summary>The classes of the synthetic motion set: they differ only in how the object changes over time.</summary>
public enum MotionClass
{
    /// <summary>The object drifts left (<c>move_left</c>).</summary>
    MoveLeft,

    /// <summary>The object drifts right (<c>move_right</c>).</summary>
    MoveRight,

    /// <summary>The object drifts up (<c>move_up</c>).</summary>
    MoveUp,

    /// <summary>The object drifts down (<c>move_down</c>).</summary>
    MoveDown,

    /// <summary>The object grows in place (<c>grow</c>).</summary>
    Grow,

    /// <summary>The object shrinks in place (<c>shrink</c>).</summary>
    Shrink,

    /// <summary>The object turns clockwise on screen (<c>rotate_cw</c>).</summary>
    RotateClockwise,

    /// <summary>The object turns anticlockwise on screen (<c>rotate_ccw</c>).</summary>
    RotateCounterclockwise,
}
