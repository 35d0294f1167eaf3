namespace TimeSformer.Video.Datasets;

/// <summary>
/// Finds the videos that cannot be trained on before training starts, so that one bad file among hundreds is reported
/// and left out rather than ending the run when its first clip is drawn. Each video is opened and its first frame
/// decoded: that catches missing and unreadable files, files that are not videos, empty streams and codecs OpenCV's
/// FFmpeg has no decoder for (AV1). A video that breaks further on is handled where it is read (the frames that decode
/// are used, with a warning).
/// </summary>
public static class DecodeCheck
{
    /// <summary>The samples whose first frame does not decode, each with the reason, in the order of
    /// <paramref name="samples"/>; the videos are opened on up to <paramref name="workers"/> threads.</summary>
    public static IReadOnlyList<(VideoSample Sample, VideoDecodeException Error)> Undecodable(
        IReadOnlyList<VideoSample> samples, int workers = 2)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        var errors = new VideoDecodeException?[samples.Count];
        Parallel.For(0, samples.Count, new ParallelOptions { MaxDegreeOfParallelism = workers },
            i => errors[i] = Check(samples[i].Path));
        return [.. samples.Zip(errors).Where(p => p.Second is not null).Select(p => (p.First, p.Second!))];
    }

    /// <summary>Null when the first frame of <paramref name="path"/> decodes, else why it does not.</summary>
    public static VideoDecodeException? Check(string path)
    {
        try
        {
            using var reader = new VideoReader(path);
            return reader.ReadEach(0, 1, _ => { }) == 1 ? null : reader.NothingDecodes();
        }
        catch (VideoDecodeException e)
        {
            return e;
        }
    }
}
