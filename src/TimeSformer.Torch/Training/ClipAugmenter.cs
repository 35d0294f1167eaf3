using static TorchSharp.torch;

namespace TimeSformer.Torch.Training;

/// <summary>
/// Spatial augmentation of a training batch, drawn fresh at every step on the batch tensor: each clip gets one random
/// shift and zoom that applies to all its frames, so motion inside the clip is unchanged (no flips and no time reversal:
/// both change the label of a direction class). Costs one <c>grid_sample</c> per batch, nothing against decoding.
/// </summary>
/// <remarks>Why: with the decoded clips cached, a small set (24-30 clips a class) shows the model the same few hundred
/// pictures every epoch and it memorises them (docs/training-experiments.md, "First measurements"); a new shift and
/// zoom at every step makes every batch new. Randomness comes from libtorch's generator, which the <see cref="Trainer"/>
/// reseeds every epoch, so a run stays reproducible for its seed.</remarks>
public static class ClipAugmenter
{
    /// <summary>Shifts and zooms every clip of <paramref name="clips"/> [B, T, C, S, S] by a random amount: a shift of up
    /// to <paramref name="shift"/> of the side in each direction and a zoom by a factor in [1 - <paramref name="zoom"/>,
    /// 1 + <paramref name="zoom"/>]; borders repeat the edge pixels. Returns <paramref name="clips"/> itself when both are 0.</summary>
    public static Tensor ShiftAndZoom(Tensor clips, double shift, double zoom)
    {
        ArgumentNullException.ThrowIfNull(clips);
        if (clips.dim() != 5) throw new ArgumentException($"Expected clips [B, T, C, S, S], got [{string.Join(", ", clips.shape)}].", nameof(clips));
        if (shift < 0 || zoom < 0 || zoom >= 1) throw new ArgumentOutOfRangeException(nameof(shift), "The shift must not be negative and the zoom must be in [0, 1).");
        if (shift == 0 && zoom == 0) return clips;
        long b = clips.shape[0], t = clips.shape[1], c = clips.shape[2], h = clips.shape[3], w = clips.shape[4];
        // affine_grid maps output coordinates in [-1, 1] to input ones: a scale below 1 zooms in, a translation of 2x
        // moves by the whole side, so a shift of `shift` sides is a translation of 2 * shift. The draws come from
        // libtorch's generator; the arithmetic is done here, as TorchSharp's implicit scalars can be freed too early.
        var u = rand(b, 3).data<float>().ToArray();
        var values = new float[b * 6];
        for (long i = 0; i < b; i++)
        {
            float scale = (float)(1 + (2 * u[3 * i] - 1) * zoom);
            values[6 * i] = scale;
            values[6 * i + 2] = (float)((2 * u[3 * i + 1] - 1) * 2 * shift);
            values[6 * i + 4] = scale;
            values[6 * i + 5] = (float)((2 * u[3 * i + 2] - 1) * 2 * shift);
        }
        var theta = tensor(values, [b, 2, 3]);
        // One transform per clip, repeated for each of its frames.
        theta = theta.repeat_interleave(t, 0);                                                 // [B*T, 2, 3]
        var frames = clips.reshape(b * t, c, h, w);
        var grid = nn.functional.affine_grid(theta, [b * t, c, h, w], align_corners: false);
        var moved = nn.functional.grid_sample(frames, grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Border, align_corners: false);
        return moved.reshape(b, t, c, h, w);
    }
}
