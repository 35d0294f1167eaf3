using OpenCvSharp;
using TimeSformer.Video.Synthetic;

namespace TimeSformer.Video.Photographic;

/// <summary>
/// One clip of a photographic benchmark: a virtual camera moving over one photograph from <see cref="Start"/> to
/// <see cref="End"/>, linear in time. Poses are in the pixels of the photograph's working copy
/// (<see cref="WorkingSize"/>: the photograph shrunk once so that a view is at most a few times the frame, which keeps
/// the frames free of aliasing). The frames are a pure function of the clip and the photograph.
/// </summary>
public sealed class PhotoClip
{
    /// <summary>A working copy is at most this many times the frame size on its shorter relative side.</summary>
    private const double WorkingFactor = 2.5;

    internal PhotoClip(PhotoSource source, int sourceNumber, CameraMotion motion, string label, int index, string split,
        int frameCount, int width, int height, CameraPose start, CameraPose end)
    {
        Source = source;
        SourceNumber = sourceNumber;
        Motion = motion;
        Label = label;
        Index = index;
        Split = split;
        FrameCount = frameCount;
        Width = width;
        Height = height;
        Start = start;
        End = end;
    }

    /// <summary>The photograph filmed.</summary>
    public PhotoSource Source { get; }

    /// <summary>The photograph's number in the folder's ordinal path order, 1-based (the <c>sNN</c> of the file name).</summary>
    public int SourceNumber { get; }

    /// <summary>The camera's motion.</summary>
    public CameraMotion Motion { get; }

    /// <summary>The class label: the motion's name (<c>pan_left</c>), or <c>&lt;kind&gt;_&lt;motion&gt;</c> in the
    /// scene-motion set.</summary>
    public string Label { get; }

    /// <summary>Clip number within its class and photograph, 1-based (the <c>cMM</c> of the file name).</summary>
    public int Index { get; }

    /// <summary><c>train</c> or <c>test</c>: the split of every clip of <see cref="Source"/>.</summary>
    public string Split { get; }

    /// <summary>Frames in the clip.</summary>
    public int FrameCount { get; }

    /// <summary>Frame width in pixels.</summary>
    public int Width { get; }

    /// <summary>Frame height in pixels.</summary>
    public int Height { get; }

    /// <summary>The camera's pose in the first frame.</summary>
    public CameraPose Start { get; }

    /// <summary>The camera's pose in the last frame.</summary>
    public CameraPose End { get; }

    /// <summary>The file name without folder, e.g. <c>v_pan_left_s03_c02.avi</c>.</summary>
    public string FileName(SyntheticContainer container) =>
        $"v_{Label}_s{SourceNumber:00}_c{Index:00}{ClipFileWriter.Extension(container)}";

    /// <summary>The camera's pose in frame <paramref name="frame"/>.</summary>
    public CameraPose PoseAt(int frame)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frame);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(frame, FrameCount);
        return Start.Toward(End, (double)frame / (FrameCount - 1));
    }

    /// <summary>The size of <paramref name="source"/>'s working copy for frames of
    /// <paramref name="frameWidth"/> x <paramref name="frameHeight"/>.</summary>
    public static Size WorkingSize(PhotoSource source, int frameWidth, int frameHeight)
    {
        ArgumentNullException.ThrowIfNull(source);
        double fit = Math.Min((double)source.Width / frameWidth, (double)source.Height / frameHeight);
        double ratio = Math.Min(1, WorkingFactor / fit);
        return new Size((int)Math.Round(source.Width * ratio), (int)Math.Round(source.Height * ratio));
    }

    /// <summary>Reads <paramref name="source"/> and shrinks it to its working copy (8-bit BGR); the caller disposes it.</summary>
    /// <exception cref="PhotoBenchmarkException">The image no longer decodes.</exception>
    public static Mat LoadWorkingCopy(PhotoSource source, int frameWidth, int frameHeight)
    {
        var size = WorkingSize(source, frameWidth, frameHeight);
        var image = Cv2.ImRead(source.Path, ImreadModes.Color);
        if (image.Empty())
        {
            image.Dispose();
            throw new PhotoBenchmarkException(source.Path, $"Cannot read image '{source.Path}': OpenCV decodes no picture from it.");
        }
        if (image.Width == size.Width && image.Height == size.Height) return image;
        using (image)
        {
            var working = new Mat();
            Cv2.Resize(image, working, size, 0, 0, InterpolationFlags.Area);
            return working;
        }
    }

    /// <summary>Films frame <paramref name="frame"/> from <paramref name="workingCopy"/> (from
    /// <see cref="LoadWorkingCopy"/>); the caller disposes the 8-bit BGR frame.</summary>
    public Mat RenderFrame(Mat workingCopy, int frame)
    {
        ArgumentNullException.ThrowIfNull(workingCopy);
        using var map = Mat.FromPixelData(2, 3, MatType.CV_64FC1, PoseAt(frame).FrameToPhoto(Width, Height));
        var image = new Mat();
        Cv2.WarpAffine(workingCopy, image, map, new Size(Width, Height),
            InterpolationFlags.Linear | InterpolationFlags.WarpInverseMap, BorderTypes.Reflect101);
        return image;
    }
}
