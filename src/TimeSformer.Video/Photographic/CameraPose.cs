namespace TimeSformer.Video.Photographic;

/// <summary>Where the virtual camera looks in a photograph: the centre of its view in photo pixels, its scale (photo
/// pixels per frame pixel, so a larger scale sees more) and its roll in degrees (positive = turned clockwise on the
/// photo as displayed, whose y axis points down).</summary>
public readonly record struct CameraPose(double CenterX, double CenterY, double Scale, double RollDegrees)
{
    /// <summary>The pose a fraction <paramref name="t"/> (0 to 1) of the way from this one to <paramref name="end"/>:
    /// position and roll linear in time, scale geometric, so a zoom looks steady.</summary>
    public CameraPose Toward(CameraPose end, double t) => new(
        CenterX + (end.CenterX - CenterX) * t,
        CenterY + (end.CenterY - CenterY) * t,
        Scale * Math.Pow(end.Scale / Scale, t),
        RollDegrees + (end.RollDegrees - RollDegrees) * t);

    /// <summary>The 2x3 affine map from a <paramref name="width"/> x <paramref name="height"/> frame's pixel to the
    /// photo's pixel it shows (row-major), for OpenCV's <c>WarpAffine</c> with <c>WarpInverseMap</c>.</summary>
    public double[] FrameToPhoto(int width, int height)
    {
        double angle = RollDegrees * Math.PI / 180, cos = Scale * Math.Cos(angle), sin = Scale * Math.Sin(angle);
        double u = width / 2.0, v = height / 2.0;
        return [cos, -sin, CenterX - (cos * u - sin * v), sin, cos, CenterY - (sin * u + cos * v)];
    }
}
