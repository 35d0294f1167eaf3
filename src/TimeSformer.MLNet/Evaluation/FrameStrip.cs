using SkiaSharp;
using TimeSformer.Contract;

namespace TimeSformer.MLNet.Evaluation;

/// <summary>Draws the frames of a clip (as the model saw them: sampled, cropped, normalisation undone) side by side
/// as one PNG.</summary>
internal static class FrameStrip
{
    private const int Gap = 2;

    /// <param name="clip">T*3*S*S values, layout [T, 3, S, S].</param>
    /// <param name="spec">The clip's spec (for T, S, mean and std).</param>
    /// <param name="side">Side of each frame in the strip (frames are scaled to it).</param>
    public static byte[] Render(float[] clip, ClipSpec spec, int side = 96)
    {
        int t = spec.Frames, s = spec.Size, plane = s * s;
        using var strip = new SKBitmap((t * (s + Gap)) - Gap, s, SKColorType.Rgba8888, SKAlphaType.Opaque);
        strip.Erase(SKColors.White);
        for (int f = 0; f < t; f++)
            for (int y = 0; y < s; y++)
                for (int x = 0; x < s; x++)
                {
                    int at = (f * 3 * plane) + (y * s) + x;
                    strip.SetPixel((f * (s + Gap)) + x, y, new SKColor(
                        ToByte(clip[at], spec.Mean[0], spec.Std[0]),
                        ToByte(clip[at + plane], spec.Mean[1], spec.Std[1]),
                        ToByte(clip[at + (2 * plane)], spec.Mean[2], spec.Std[2])));
                }
        if (s == side) return Encode(strip);
        using var scaled = strip.Resize(new SKImageInfo((int)Math.Round(strip.Width * side / (double)s), side), new SKSamplingOptions(SKFilterMode.Linear));
        return Encode(scaled);
    }

    private static byte ToByte(float value, float mean, float std) =>
        (byte)Math.Clamp(Math.Round(((value * std) + mean) * 255), 0, 255);

    private static byte[] Encode(SKBitmap bitmap)
    {
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
