namespace TimeSformer.Video.Photographic;

/// <summary>
/// How a virtual camera moves over a photograph. Every name says what the <em>camera</em> does, as seen by a viewer
/// looking the way the camera looks (the viewer of the video): the picture on screen moves the other way.
/// <see cref="PanLeft"/> moves the camera left, so the content drifts right; <see cref="ZoomIn"/> narrows the view,
/// so the content grows; <see cref="RollClockwise"/> turns the camera clockwise about its axis, so the content turns
/// anticlockwise on screen.
/// </summary>
public enum CameraMotion
{
    /// <summary><c>pan_left</c>: the camera moves left; the content drifts right.</summary>
    PanLeft,

    /// <summary><c>pan_right</c>: the camera moves right; the content drifts left.</summary>
    PanRight,

    /// <summary><c>pan_up</c>: the camera moves up; the content drifts down.</summary>
    PanUp,

    /// <summary><c>pan_down</c>: the camera moves down; the content drifts up.</summary>
    PanDown,

    /// <summary><c>zoom_in</c>: the view narrows; the content grows.</summary>
    ZoomIn,

    /// <summary><c>zoom_out</c>: the view widens; the content shrinks.</summary>
    ZoomOut,

    /// <summary><c>roll_cw</c>: the camera turns clockwise about its axis; the content turns anticlockwise on screen.</summary>
    RollClockwise,

    /// <summary><c>roll_ccw</c>: the camera turns anticlockwise about its axis; the content turns clockwise on screen.</summary>
    RollCounterclockwise,
}
