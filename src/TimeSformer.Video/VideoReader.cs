using OpenCvSharp;

namespace TimeSformer.Video;

/// <summary>
/// Reads chosen frames of one video file with OpenCV's FFmpeg backend, decoding only what a clip needs: frames
/// between wanted ones are grabbed (decoded, not converted) or, past <see cref="VideoReaderOptions.SeekThreshold"/>,
/// skipped by seeking. Containers often report a wrong frame count; the reader finds the real one when a wanted
/// frame turns out to lie past the end, so callers never get a missing or repeated garbage frame.
/// </summary>
/// <remarks>Not thread-safe: use one reader per thread. Frames are returned as 8-bit BGR <see cref="Mat"/>s
/// (grayscale and BGRA streams are converted) that the caller disposes.</remarks>
public sealed class VideoReader : IDisposable
{
    private static readonly string[] IntraOnlyCodecs = ["MJPG", "mjpg", "MJPA", "AVRN", "jpeg", "JPEG"];
    private const int CapPropNThreads = 70; // CAP_PROP_N_THREADS, missing from OpenCvSharp's enum
    private readonly int seekThreshold;
    private readonly int decoderThreads;
    private readonly List<string> warnings = [];
    private VideoCapture capture;
    private int position;
    private bool positionTrusted = true;
    private int? decodedFrameCount;

    /// <summary>Opens <paramref name="path"/> and reads its metadata.</summary>
    /// <exception cref="VideoDecodeException">The file is missing, a folder, empty, a pipe or device, unreadable, not a
    /// video, or reports no frame size.</exception>
    /// <exception cref="InvalidOperationException">OpenCV's native runtime cannot be loaded.</exception>
    public VideoReader(string path, VideoReaderOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= VideoReaderOptions.Default;
        options.Validate();
        Path = path;
        decoderThreads = options.DecoderThreads;
        VideoFileCheck.Require(path);
        capture = OpenCapture();
        try
        {
            Width = (int)capture.Get(VideoCaptureProperties.FrameWidth);
            Height = (int)capture.Get(VideoCaptureProperties.FrameHeight);
            Fps = capture.Get(VideoCaptureProperties.Fps);
            double reported = capture.Get(VideoCaptureProperties.FrameCount);
            ReportedFrameCount = reported is > 0 and < int.MaxValue ? (int)reported : 0;
            Codec = FourCCText((int)capture.Get(VideoCaptureProperties.FourCC));
            seekThreshold = IntraOnlyCodecs.Contains(Codec) ? options.IntraOnlySeekThreshold : options.SeekThreshold;
            if (Width <= 0 || Height <= 0)
                throw new VideoDecodeException(path, $"the stream reports no frame size ({Width}x{Height}); it is not a video OpenCV can decode.");
        }
        catch
        {
            capture.Dispose();
            throw;
        }
    }

    /// <summary>Raised for each entry added to <see cref="Warnings"/>.</summary>
    public event EventHandler<VideoWarningEventArgs>? Warning;

    /// <summary>The video file.</summary>
    public string Path { get; }

    /// <summary>Frame width in pixels.</summary>
    public int Width { get; }

    /// <summary>Frame height in pixels.</summary>
    public int Height { get; }

    /// <summary>Frames per second from the container (0 when unknown).</summary>
    public double Fps { get; }

    /// <summary>The codec's four-character code as the backend reports it, e.g. <c>MJPG</c>, <c>FMP4</c>, <c>h264</c>.</summary>
    public string Codec { get; }

    /// <summary>The frame count the container reports (0 when it reports none). It may be wrong.</summary>
    public int ReportedFrameCount { get; }

    /// <summary>Whether <see cref="FrameCount"/> was established by decoding rather than read from the header.</summary>
    public bool IsFrameCountExact => decodedFrameCount.HasValue;

    /// <summary>The best frame count known so far: the decoded count once found (see <see cref="CountFrames"/>), the
    /// reported one before. When the header reports none, the frames are counted on first use.</summary>
    public int FrameCount => decodedFrameCount ?? (ReportedFrameCount > 0 ? ReportedFrameCount : CountFrames());

    /// <summary>Duration from <see cref="FrameCount"/> and <see cref="Fps"/> (zero when the rate is unknown).</summary>
    public TimeSpan Duration => Fps > 0 ? TimeSpan.FromSeconds(FrameCount / Fps) : TimeSpan.Zero;

    /// <summary>Problems met that did not stop decoding (e.g. the header's frame count was wrong).</summary>
    public IReadOnlyList<string> Warnings => warnings;

    /// <summary>Decodes the whole stream once (grabbing, without colour conversion) to find the real frame count.</summary>
    /// <exception cref="VideoDecodeException">No frame decodes.</exception>
    public int CountFrames()
    {
        if (decodedFrameCount is int known) return known;
        Reopen();
        while (Native(capture.Grab)) position++;
        SetDecodedFrameCount(position);
        return position;
    }

    /// <summary>
    /// Reads the frames that <paramref name="sample"/> picks for a frame count. <paramref name="sample"/> is first
    /// called with <see cref="FrameCount"/>; if a frame it picks lies past the real end, the real count is found and
    /// <paramref name="sample"/> is called again with it, so the result never holds a frame that does not exist.
    /// </summary>
    /// <param name="sample">Maps a frame count to ascending (repeats allowed) frame indices below it.</param>
    /// <returns>One BGR frame per index, in order; the caller disposes them.</returns>
    /// <exception cref="VideoDecodeException">No frame decodes, or a frame within the real count fails to decode.</exception>
    public Mat[] ReadFrames(Func<int, IReadOnlyList<int>> sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var indices = Validated(sample(FrameCount));
        if (TryReadFrames(indices) is { } frames) return frames;
        CountFrames();
        indices = Validated(sample(FrameCount));
        return TryReadFrames(indices)
            ?? throw new VideoDecodeException(Path, $"a frame below the decoded frame count {FrameCount} failed to decode on a second pass.");
    }

    /// <summary>Reads the frames at <paramref name="indices"/> (ascending, repeats allowed).</summary>
    /// <returns>One BGR frame per index; the caller disposes them.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An index is at or past the real end of the video.</exception>
    public Mat[] ReadFrames(IReadOnlyList<int> indices)
    {
        var frames = TryReadFrames(Validated(indices));
        if (frames is not null) return frames;
        int count = CountFrames();
        return TryReadFrames(indices)
            ?? throw new ArgumentOutOfRangeException(nameof(indices), $"'{Path}' has {count} decodable frames; frame {indices[^1]} does not exist.");
    }

    /// <summary>
    /// Decodes up to <paramref name="count"/> frames in order from frame <paramref name="first"/>, handing each to
    /// <paramref name="visit"/> and disposing it afterwards, so only one decoded frame is held at a time. Stops early at
    /// the real end of the video (a header may report more frames than decode).
    /// </summary>
    /// <returns>The number of frames visited.</returns>
    /// <exception cref="VideoDecodeException">A frame decodes but cannot be converted to an image.</exception>
    public int ReadEach(int first, int count, Action<Mat> visit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentNullException.ThrowIfNull(visit);
        if (count == 0 || !MoveTo(first)) return 0;
        int read = 0;
        for (; read < count && ReadCurrent() is { } frame; read++)
            using (frame)
                visit(frame);
        return read;
    }

    /// <inheritdoc />
    public void Dispose() => capture.Dispose();

    private IReadOnlyList<int> Validated(IReadOnlyList<int> indices)
    {
        for (int i = 0; i < indices.Count; i++)
        {
            if (indices[i] < 0 || (i > 0 && indices[i] < indices[i - 1]))
                throw new ArgumentException($"Frame indices must be ascending and non-negative; got {string.Join(",", indices)}.", nameof(indices));
        }
        return indices;
    }

    // Null when a wanted frame lies past the end; the real count is then recorded when it is certain.
    private Mat[]? TryReadFrames(IReadOnlyList<int> indices)
    {
        var frames = new Mat[indices.Count];
        int done = 0;
        try
        {
            for (; done < indices.Count; done++)
            {
                int wanted = indices[done];
                if (done > 0 && wanted == indices[done - 1])
                {
                    frames[done] = frames[done - 1].Clone();
                    continue;
                }
                if (!MoveTo(wanted) || ReadCurrent() is not { } frame) return null;
                frames[done] = frame;
            }
            return frames;
        }
        finally
        {
            if (done < indices.Count)
                for (int i = 0; i < done; i++) frames[i].Dispose();
        }
    }

    // Leaves the capture so that the next Grab returns frame `wanted`.
    private bool MoveTo(int wanted)
    {
        if (wanted < position) Reopen();
        if (wanted - position >= seekThreshold)
        {
            Native(() => capture.Set(VideoCaptureProperties.PosFrames, wanted));
            position = wanted;
            positionTrusted = false;
        }
        while (position < wanted)
        {
            if (!Native(capture.Grab)) return AtEnd();
            position++;
        }
        return true;
    }

    private Mat? ReadCurrent()
    {
        if (!Native(capture.Grab))
        {
            AtEnd();
            return null;
        }
        position++;
        var raw = new Mat();
        try
        {
            if (!Native(() => capture.Retrieve(raw)) || raw.Empty())
                throw new VideoDecodeException(Path, $"frame {position - 1} was read but could not be converted to an image.");
        }
        catch
        {
            raw.Dispose();
            throw;
        }
        return ToBgr(raw);
    }

    private Mat ToBgr(Mat raw)
    {
        if (raw.Depth() != MatType.CV_8U)
        {
            raw.Dispose();
            throw new VideoDecodeException(Path, $"frames have pixel depth {raw.Depth()}; only 8-bit video is supported.");
        }
        var code = raw.Channels() switch
        {
            3 => (ColorConversionCodes?)null,
            1 => ColorConversionCodes.GRAY2BGR,
            4 => ColorConversionCodes.BGRA2BGR,
            int c => throw new VideoDecodeException(Path, $"frames have {c} channels; expected 1 (gray), 3 (BGR) or 4 (BGRA)."),
        };
        if (code is not { } conversion) return raw;
        var bgr = new Mat();
        Cv2.CvtColor(raw, bgr, conversion);
        raw.Dispose();
        return bgr;
    }

    // The grab at `position` failed. Sequential grabbing from the start makes the position the real count;
    // after a seek the position is not trusted and the caller counts.
    private bool AtEnd()
    {
        if (positionTrusted && decodedFrameCount is null) SetDecodedFrameCount(position);
        return false;
    }

    private void SetDecodedFrameCount(int count)
    {
        if (count == 0)
            throw NothingDecodes();
        decodedFrameCount = count;
        if (ReportedFrameCount > 0 && count != ReportedFrameCount)
            AddWarning($"the header reports {ReportedFrameCount} frames but {count} decode; sampling uses {count}.");
    }

    /// <summary>The error for a stream that opens but yields no frame: empty or corrupt, or in a codec that OpenCV's
    /// FFmpeg cannot decode (this build has no AV1 decoder); it names the codec the container reports.</summary>
    internal VideoDecodeException NothingDecodes() => new(Path,
        $"the file opens but no frame of its{(Codec.Length > 0 ? $" '{Codec}'" : "")} stream decodes: the stream is empty or "
        + "corrupt, or OpenCV's FFmpeg has no decoder for its codec (it has none for AV1: convert such videos to H.264, "
        + "e.g. ffmpeg -i <video> -c:v libx264 <out>.mp4).");

    private void AddWarning(string message)
    {
        warnings.Add(message);
        Warning?.Invoke(this, new VideoWarningEventArgs(Path, message));
    }

    private void Reopen()
    {
        capture.Dispose();
        capture = OpenCapture();
        position = 0;
        positionTrusted = true;
    }

    // OpenCV errors raised while decoding become decode errors that name the file.
    private T Native<T>(Func<T> call)
    {
        try
        {
            return call();
        }
        catch (OpenCVException e)
        {
            throw new VideoDecodeException(Path, $"OpenCV failed at frame {position}: {e.Message}", e);
        }
    }

    private static string FourCCText(int code) =>
        new([.. Enumerable.Range(0, 4).Select(i => (char)(code >> (8 * i) & 0xFF)).Where(c => c is >= ' ' and <= '~')]);

    private VideoCapture OpenCapture()
    {
        VideoCapture opened;
        try
        {
            // The FFmpeg backend explicitly: other backends (e.g. image sequences) would accept paths that are not videos.
            opened = decoderThreads > 0
                ? new VideoCapture(Path, VideoCaptureAPIs.FFMPEG, [CapPropNThreads, decoderThreads])
                : new VideoCapture(Path, VideoCaptureAPIs.FFMPEG);
        }
        catch (TypeInitializationException e) when (e.InnerException is DllNotFoundException)
        {
            // Not this video's fault: every video would fail alike, so it is not a VideoDecodeException to skip.
            throw new InvalidOperationException("OpenCV's native library (OpenCvSharpExtern) cannot be loaded: add the runtime package "
                + "OpenCvSharp4.official.runtime.linux-x64 (or your OS's) to the application; on Debian 12 it also needs libgtk-3-0.", e);
        }
        if (opened.IsOpened()) return opened;
        opened.Dispose();
        throw new VideoDecodeException(Path, "it is not a video, it is truncated or corrupt (e.g. an .mp4 without its index), or its format or codec is not supported by OpenCV's FFmpeg backend.");
    }
}
