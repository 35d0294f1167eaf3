using OpenCvSharp;
using TimeSformer.Contract;

namespace TimeSformer.Video;

/// <summary>
/// Turns the decoded BGR frames of one clip into the model's input: short side resized to
/// <see cref="ClipSpec.ShortSide"/> (or the whole frame to a square, <see cref="FrameFit.Stretch"/>), an S x S crop,
/// optional horizontal flip, RGB order, scaled to [0, 1] and normalised by the spec's mean and std, laid out
/// [T, 3, S, S].
/// </summary>
/// <remarks>
/// Shrinking uses <see cref="InterpolationFlags.Area"/> (averages the source pixels, so no aliasing) and enlarging
/// uses <see cref="InterpolationFlags.Linear"/> (area degenerates to nearest-neighbour when enlarging). One crop
/// position and one flip decision apply to every frame of a clip, so motion is not distorted. Stateless and
/// thread-safe: randomness comes only from the <see cref="Random"/> passed in. The resize can be done apart
/// (<see cref="Resize"/>) and its bytes processed later, which is how a <see cref="ResizedVideo"/> draws clips without
/// decoding again.
/// </remarks>
public sealed class ClipPreprocessor
{
    private readonly float[][] lookup;

    /// <summary>Creates a preprocessor for <paramref name="spec"/>.</summary>
    public ClipPreprocessor(ClipSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        Spec = spec;
        // (v / 255 - mean) / std for every byte value, per RGB channel: exact and cheaper than per-pixel arithmetic.
        lookup = [.. Enumerable.Range(0, 3).Select(c =>
            Enumerable.Range(0, 256).Select(v => (v / 255f - spec.Mean[c]) / spec.Std[c]).ToArray())];
    }

    /// <summary>The clip produced.</summary>
    public ClipSpec Spec { get; }

    /// <summary>Processes <paramref name="frames"/> (8-bit BGR, all the same size) into a new array.</summary>
    /// <param name="frames">Exactly <see cref="ClipSpec.Frames"/> frames.</param>
    /// <param name="crop">Where to crop; <see cref="CropPosition.Random"/> needs <paramref name="random"/>.</param>
    /// <param name="flip">Mirror every frame left to right.</param>
    /// <param name="random">Source for a random crop position.</param>
    public float[] Process(IReadOnlyList<Mat> frames, CropPosition crop = CropPosition.Center, bool flip = false, Random? random = null)
    {
        var clip = new float[Spec.ValueCount];
        Process(frames, clip, crop, flip, random);
        return clip;
    }

    /// <summary>Processes <paramref name="frames"/> into <paramref name="destination"/> (length T*3*S*S).</summary>
    public void Process(IReadOnlyList<Mat> frames, Span<float> destination, CropPosition crop = CropPosition.Center, bool flip = false, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(frames);
        CheckShape(frames.Count, destination);
        var source = frames[0].Size();
        var resized = ScaledSize(source);
        var rect = CropRect(resized, Spec.Size, crop, random);
        using var scaled = new Mat();
        for (int t = 0; t < frames.Count; t++)
        {
            var frame = frames[t];
            if (frame.Type() != MatType.CV_8UC3 || frame.Size() != source)
                throw new ArgumentException($"Frame {t} is {frame.Type()} {frame.Size()}; all frames must be 8-bit BGR of size {source}.", nameof(frames));
            Scale(frame, scaled, resized);
            WriteCrop(scaled.AsSpan<byte>(), resized.Width, rect, flip, FrameSlice(destination, t));
        }
    }

    /// <summary>Processes frames already resized by <see cref="Resize"/> into a new array (see
    /// <see cref="Process(IReadOnlyList{byte[]}, Size, Span{float}, CropPosition, bool, Random?)"/>).</summary>
    public float[] Process(IReadOnlyList<byte[]> frames, Size resized, CropPosition crop = CropPosition.Center, bool flip = false,
        Random? random = null)
    {
        var clip = new float[Spec.ValueCount];
        Process(frames, resized, clip, crop, flip, random);
        return clip;
    }

    /// <summary>Processes frames already resized by <see cref="Resize"/> (BGR bytes of <paramref name="resized"/>
    /// each) into <paramref name="destination"/>: the same crop, flip and normalisation as
    /// <see cref="Process(IReadOnlyList{Mat}, Span{float}, CropPosition, bool, Random?)"/>, bit for bit.</summary>
    public void Process(IReadOnlyList<byte[]> frames, Size resized, Span<float> destination, CropPosition crop = CropPosition.Center,
        bool flip = false, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(frames);
        CheckShape(frames.Count, destination);
        var rect = CropRect(resized, Spec.Size, crop, random);
        for (int t = 0; t < frames.Count; t++)
        {
            if (frames[t].Length != 3 * resized.Width * resized.Height)
                throw new ArgumentException($"Frame {t} holds {frames[t].Length} bytes; a BGR frame of {resized} holds {3 * resized.Width * resized.Height}.", nameof(frames));
            WriteCrop(frames[t], resized.Width, rect, flip, FrameSlice(destination, t));
        }
    }

    /// <summary>The size a frame of <paramref name="source"/> size is resized to before the crop: the whole frame
    /// squared (<see cref="FrameFit.Stretch"/>) or its short side brought to <see cref="ClipSpec.ShortSide"/>.</summary>
    public Size ScaledSize(Size source) =>
        Spec.Fit == FrameFit.Stretch ? new Size(Spec.ShortSide, Spec.ShortSide) : ResizedSize(source, Spec.ShortSide);

    /// <summary>Resizes one decoded frame (8-bit BGR) as <see cref="Process(IReadOnlyList{Mat}, Span{float}, CropPosition, bool, Random?)"/>
    /// does before cropping.</summary>
    /// <returns>The BGR bytes of a <see cref="ScaledSize"/> frame, row by row.</returns>
    public byte[] Resize(Mat frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Type() != MatType.CV_8UC3)
            throw new ArgumentException($"The frame is {frame.Type()}; it must be 8-bit BGR.", nameof(frame));
        using var scaled = new Mat();
        Scale(frame, scaled, ScaledSize(frame.Size()));
        return scaled.AsSpan<byte>().ToArray();
    }

    /// <summary>The size after resizing the short side of <paramref name="source"/> to <paramref name="shortSide"/>,
    /// keeping the aspect ratio (long side rounded).</summary>
    public static Size ResizedSize(Size source, int shortSide)
    {
        if (source.Width <= 0 || source.Height <= 0)
            throw new ArgumentException($"Frame size {source} is empty.", nameof(source));
        return source.Width <= source.Height
            ? new Size(shortSide, Math.Max(shortSide, (int)Math.Round((double)source.Height * shortSide / source.Width)))
            : new Size(Math.Max(shortSide, (int)Math.Round((double)source.Width * shortSide / source.Height)), shortSide);
    }

    /// <summary>The S x S crop of a frame of size <paramref name="frame"/>: <see cref="CropPosition.Start"/> and
    /// <see cref="CropPosition.End"/> move along the long side and stay centred on the short one.</summary>
    public static Rect CropRect(Size frame, int size, CropPosition position, Random? random = null)
    {
        int spareX = frame.Width - size, spareY = frame.Height - size;
        if (spareX < 0 || spareY < 0)
            throw new ArgumentException($"A {size}x{size} crop does not fit in {frame.Width}x{frame.Height}.", nameof(size));
        bool landscape = spareX >= spareY;
        (int x, int y) = position switch
        {
            CropPosition.Center => (spareX / 2, spareY / 2),
            CropPosition.Start => landscape ? (0, spareY / 2) : (spareX / 2, 0),
            CropPosition.End => landscape ? (spareX, spareY / 2) : (spareX / 2, spareY),
            CropPosition.Random => random is null
                ? throw new ArgumentException("A random crop needs a Random source.", nameof(random))
                : (random.Next(spareX + 1), random.Next(spareY + 1)),
            _ => throw new ArgumentOutOfRangeException(nameof(position), $"Unknown crop position {position}."),
        };
        return new Rect(x, y, size, size);
    }

    private void CheckShape(int frameCount, Span<float> destination)
    {
        if (frameCount != Spec.Frames)
            throw new ArgumentException($"Expected {Spec.Frames} frames, got {frameCount}.", "frames");
        if (destination.Length != Spec.ValueCount)
            throw new ArgumentException($"Destination holds {destination.Length} values; a clip needs {Spec.ValueCount}.", nameof(destination));
    }

    private Span<float> FrameSlice(Span<float> clip, int t) => clip.Slice(t * 3 * Spec.Size * Spec.Size, 3 * Spec.Size * Spec.Size);

    // Area whenever no side grows (averages the source pixels); a stretch that grows one side and shrinks the other is
    // enlarging somewhere, where area would degenerate to nearest-neighbour. The result is a new, continuous Mat.
    private static void Scale(Mat frame, Mat scaled, Size resized)
    {
        var source = frame.Size();
        if (resized == source)
        {
            frame.CopyTo(scaled);
            return;
        }
        var interpolation = resized.Width <= source.Width && resized.Height <= source.Height
            ? InterpolationFlags.Area : InterpolationFlags.Linear;
        Cv2.Resize(frame, scaled, resized, 0, 0, interpolation);
    }

    // The crop `rect` of a BGR frame `width` pixels wide, optionally mirrored left to right -> R, G, B planes of
    // normalised floats.
    private void WriteCrop(ReadOnlySpan<byte> bgr, int width, Rect rect, bool flip, Span<float> planes)
    {
        int side = Spec.Size, plane = side * side;
        var red = planes[..plane];
        var green = planes.Slice(plane, plane);
        var blue = planes.Slice(2 * plane, plane);
        float[] lr = lookup[0], lg = lookup[1], lb = lookup[2];
        for (int y = 0; y < side; y++)
        {
            int row = (rect.Y + y) * width + rect.X;
            for (int x = 0; x < side; x++)
            {
                int i = 3 * (row + (flip ? side - 1 - x : x)), o = y * side + x;
                blue[o] = lb[bgr[i]];
                green[o] = lg[bgr[i + 1]];
                red[o] = lr[bgr[i + 2]];
            }
        }
    }
}
