using System.Globalization;

namespace TimeSformer.Video;

/// <summary>
/// A stretch of a video in seconds, as a dataset's <c>start,end</c> columns give it (Kinetics-style annotations of
/// untrimmed videos). Clips are sampled inside it. Written after a path as a W3C media fragment,
/// <c>video.mp4#t=12.5,20</c>, which every loader here accepts wherever it takes a video path, so the segment travels
/// through ML.NET's path column unchanged.
/// </summary>
/// <param name="Start">Start in seconds (inclusive), at least 0.</param>
/// <param name="End">End in seconds (exclusive), after <paramref name="Start"/>; infinity for "to the end".</param>
public readonly record struct VideoSegment(double Start, double End)
{
    private const string Fragment = "#t=";

    /// <summary>Throws <see cref="ArgumentException"/> unless 0 &lt;= Start &lt; End.</summary>
    public void Validate()
    {
        if (!IsValid)
            throw new ArgumentException($"A video segment needs 0 <= start < end seconds, was {Format(Start)} to {Format(End)}.");
    }

    internal bool IsValid => double.IsFinite(Start) && Start >= 0 && !double.IsNaN(End) && End > Start;

    /// <summary><paramref name="path"/> with this segment as a media fragment, e.g. <c>a.mp4#t=1.5,4</c>.</summary>
    public string AppendTo(string path)
    {
        Validate();
        return double.IsPositiveInfinity(End) ? $"{path}{Fragment}{Seconds(Start)}" : $"{path}{Fragment}{Seconds(Start)},{Seconds(End)}";
    }

    /// <summary>
    /// Splits <paramref name="location"/> into the file and an optional segment: a trailing <c>#t=start[,end]</c> is a
    /// segment unless the whole string names an existing file (a file name may contain '#').
    /// </summary>
    /// <exception cref="ArgumentException">The fragment is there but malformed or empty.</exception>
    public static (string Path, VideoSegment? Segment) Parse(string location)
    {
        ArgumentNullException.ThrowIfNull(location);
        int at = location.LastIndexOf(Fragment, StringComparison.Ordinal);
        if (at < 0 || File.Exists(location)) return (location, null);
        string times = location[(at + Fragment.Length)..];
        var parts = times.Split(',');
        if (times.Trim(',').Length == 0 || parts.Length > 2 || !TryReadSeconds(parts[0], 0, out double start)
            || !TryReadSeconds(parts.ElementAtOrDefault(1), double.PositiveInfinity, out double end))
            throw new ArgumentException($"'{location}' ends in a malformed time fragment: expected '#t=start,end' in seconds.", nameof(location));
        var segment = new VideoSegment(start, end);
        segment.Validate();
        return (location[..at], segment);
    }

    /// <summary>The frames this segment covers in a video of <paramref name="frameCount"/> frames at
    /// <paramref name="fps"/>: the first index and how many, clipped to the video.</summary>
    /// <exception cref="VideoDecodeException">The video reports no frame rate, or the segment lies outside it.</exception>
    public (int First, int Count) Frames(string path, int frameCount, double fps)
    {
        Validate();
        if (!(fps > 0))
            throw new VideoDecodeException(path, "it reports no frame rate, so the time segment cannot be located.");
        int first = (int)Math.Min(Math.Floor(Start * fps), frameCount);
        int end = double.IsPositiveInfinity(End) ? frameCount : (int)Math.Min(Math.Ceiling(End * fps), frameCount);
        if (end <= first)
            throw new VideoDecodeException(path, $"the segment {Format(Start)}-{Format(End)} s lies outside the video ({Format(frameCount / fps)} s).");
        return (first, end - first);
    }

    /// <summary>Seconds as written in a fragment or a manifest column: invariant culture, <paramref name="empty"/> when
    /// there is no text.</summary>
    internal static bool TryReadSeconds(string? text, double empty, out double value)
    {
        if (string.IsNullOrEmpty(text))
        {
            value = empty;
            return true;
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Seconds as <see cref="TryReadSeconds"/> reads them back exactly.</summary>
    internal static string Seconds(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    // Seconds for messages.
    private static string Format(double seconds) => seconds.ToString("0.###", CultureInfo.InvariantCulture);
}
