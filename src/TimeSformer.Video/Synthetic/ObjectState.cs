namespace TimeSformer.Video.Synthetic;

/// <summary>Where the moving object of a synthetic clip is in one frame.</summary>
/// <param name="CenterX">Centre column in pixels, in [0, width): an object leaving one edge re-enters at the opposite one.</param>
/// <param name="CenterY">Centre row in pixels, in [0, height), wrapping like <paramref name="CenterX"/>.</param>
/// <param name="Radius">Scale of the shape in pixels: its vertices lie about this far from the centre.</param>
/// <param name="AngleDegrees">Rotation, clockwise on screen, in degrees.</param>
public readonly record struct ObjectState(double CenterX, double CenterY, double Radius, double AngleDegrees);
