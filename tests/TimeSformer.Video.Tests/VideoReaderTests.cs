using OpenCvSharp;
using TimeSformer.Video.Tests.Fixtures;

namespace TimeSformer.Video.Tests;

[TestClass]
public sealed class VideoReaderTests
{
    [TestMethod]
    [DataRow(".avi", "MJPG")]
    [DataRow(".mp4", "FMP4")]
    public void Constructor_WrittenVideo_ReportsMetadata(string extension, string codec)
    {
        using var reader = new VideoReader(TestVideos.IndexCoded(extension));
        Assert.AreEqual(codec, reader.Codec);
        Assert.AreEqual(TestVideos.CodedWidth, reader.Width);
        Assert.AreEqual(TestVideos.CodedHeight, reader.Height);
        Assert.AreEqual(TestVideos.CodedFps, reader.Fps, 1e-6);
        Assert.AreEqual(TestVideos.CodedFrames, reader.ReportedFrameCount);
        Assert.AreEqual(TestVideos.CodedFrames, reader.FrameCount);
        Assert.AreEqual(1.2, reader.Duration.TotalSeconds, 1e-6);
        Assert.IsFalse(reader.IsFrameCountExact);
    }

    [TestMethod]
    [DataRow(".avi", int.MaxValue)]
    [DataRow(".avi", 1)]
    [DataRow(".mp4", int.MaxValue)]
    [DataRow(".mp4", 1)]
    [DataRow(".mp4", 5)]
    public void ReadFrames_GrabOrSeek_ReturnsWantedFrames(string extension, int seekThreshold)
    {
        int[] wanted = [0, 3, 3, 4, 17, 25, 29];
        using var reader = new VideoReader(TestVideos.IndexCoded(extension), new VideoReaderOptions { SeekThreshold = seekThreshold, IntraOnlySeekThreshold = seekThreshold });
        var frames = reader.ReadFrames(wanted);
        try
        {
            CollectionAssert.AreEqual(wanted, frames.Select(TestVideos.CodedIndex).ToArray());
            Assert.IsTrue(frames.All(f => f.Type() == MatType.CV_8UC3 && f.Width == 64 && f.Height == 48));
        }
        finally
        {
            foreach (var f in frames) f.Dispose();
        }
    }

    [TestMethod]
    public void ReadFrames_OneDecoderThread_SameFrames()
    {
        using var reader = new VideoReader(TestVideos.IndexCoded(".mp4"), new VideoReaderOptions { DecoderThreads = 1 });
        var frames = reader.ReadFrames([2, 21]);
        CollectionAssert.AreEqual(new[] { 2, 21 }, frames.Select(TestVideos.CodedIndex).ToArray());
        foreach (var f in frames) f.Dispose();
    }

    [TestMethod]
    [DataRow("/dev/zero", "or not a regular file (a pipe or a device).")]
    [DataRow("/tmp", "it is a folder, not a video file.")]
    public void Constructor_NotARegularVideoFile_ThrowsQuicklySayingWhy(string path, string reason)
    {
        var e = Assert.ThrowsExactly<VideoDecodeException>(() => new VideoReader(path));
        StringAssert.Contains(e.Message, path);
        StringAssert.EndsWith(e.Reason, reason);
    }

    [TestMethod]
    public void Constructor_EmptyFile_ThrowsEmpty()
    {
        string path = Path.Combine(TestVideos.Folder, "empty.mp4");
        File.WriteAllBytes(path, []);
        var e = Assert.ThrowsExactly<VideoDecodeException>(() => new VideoReader(path));
        StringAssert.StartsWith(e.Reason, "it is empty (0 bytes)");
    }

    [TestMethod]
    public void ReadFrames_DescendingIndices_Throws()
    {
        using var reader = new VideoReader(TestVideos.IndexCoded(".avi"));
        Assert.ThrowsExactly<ArgumentException>(() => reader.ReadFrames([5, 2]));
    }

    [TestMethod]
    public void CountFrames_HonestHeader_EqualsReportedWithoutWarning()
    {
        using var reader = new VideoReader(TestVideos.IndexCoded(".mp4"));
        Assert.AreEqual(30, reader.CountFrames());
        Assert.IsTrue(reader.IsFrameCountExact);
        Assert.IsEmpty(reader.Warnings);
    }

    [TestMethod]
    [DataRow(int.MaxValue)]
    [DataRow(1)]
    public void ReadFrames_HeaderOvercounts_ResamplesWithDecodedCount(int seekThreshold)
    {
        string path = BadVideos.TruncatedAvi(0.9);
        using var reader = new VideoReader(path, new VideoReaderOptions { SeekThreshold = seekThreshold, IntraOnlySeekThreshold = seekThreshold });
        var warnings = new List<string>();
        reader.Warning += (_, e) => warnings.Add(e.Message);
        Assert.AreEqual(30, reader.ReportedFrameCount);
        var counts = new List<int>();
        var frames = reader.ReadFrames(count =>
        {
            counts.Add(count);
            return FrameSampler.SegmentUniform(count, 8);
        });
        try
        {
            CollectionAssert.AreEqual(new[] { 30, 26 }, counts);
            CollectionAssert.AreEqual(FrameSampler.SegmentUniform(26, 8), frames.Select(TestVideos.CodedIndex).ToArray());
            Assert.AreEqual(26, reader.FrameCount);
            Assert.HasCount(1, warnings);
            StringAssert.Contains(warnings[0], "reports 30 frames but 26 decode");
        }
        finally
        {
            foreach (var f in frames) f.Dispose();
        }
    }

    [TestMethod]
    public void ReadFrames_IndexPastRealEnd_ThrowsNamingCount()
    {
        using var reader = new VideoReader(BadVideos.TruncatedAvi(0.9));
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => reader.ReadFrames([28]));
        StringAssert.Contains(e.Message, "26 decodable frames");
    }

    [TestMethod]
    public void CountFrames_CorruptMiddle_ReturnsDecodedFramesWithWarning()
    {
        using var reader = new VideoReader(BadVideos.CorruptMiddleAvi());
        int count = reader.CountFrames();
        Assert.IsTrue(count is > 20 and < 30, $"count {count}");
        Assert.HasCount(1, reader.Warnings);
        StringAssert.Contains(reader.Warnings[0], $"reports 30 frames but {count} decode");
    }

    [TestMethod]
    public void Constructor_MissingFile_ThrowsNamingPath()
    {
        string path = Path.Combine(TestVideos.Folder, "nope.mp4");
        var e = Assert.ThrowsExactly<VideoDecodeException>(() => new VideoReader(path));
        Assert.AreEqual(path, e.Path);
        StringAssert.Contains(e.Message, path);
        StringAssert.Contains(e.Message, "does not exist");
    }

    [TestMethod]
    public void Constructor_TextFileNamedMp4_ThrowsNotAVideo()
    {
        string path = BadVideos.TextFile();
        var e = Assert.ThrowsExactly<VideoDecodeException>(() => new VideoReader(path));
        StringAssert.Contains(e.Message, path);
        StringAssert.Contains(e.Reason, "not a video");
    }

    [TestMethod]
    public void Constructor_TruncatedMp4_ThrowsTruncatedOrCorrupt()
    {
        var e = Assert.ThrowsExactly<VideoDecodeException>(() => new VideoReader(BadVideos.TruncatedMp4()));
        StringAssert.Contains(e.Reason, "truncated or corrupt");
    }

    [TestMethod]
    public void CountFrames_HeaderOnly_ThrowsNoDecodableFrame()
    {
        string path = BadVideos.HeaderOnlyAvi();
        using var reader = new VideoReader(path);
        var e = Assert.ThrowsExactly<VideoDecodeException>(() => reader.CountFrames());
        StringAssert.Contains(e.Message, path);
        StringAssert.Contains(e.Reason, "no frame of its 'MJPG' stream decodes: the stream is empty or corrupt");
    }

    [TestMethod]
    public void DecodeCheck_FindsTheVideosWhoseFirstFrameDoesNotDecode_InOrder()
    {
        string missing = Path.Combine(TestVideos.Folder, "missing.mp4");
        string[] paths = [TestVideos.IndexCoded(".avi"), BadVideos.TextFile(), BadVideos.HeaderOnlyAvi(), missing,
            BadVideos.TruncatedAvi(0.5), TestVideos.IndexCoded(".mp4")];
        var samples = paths.Select(p => new Datasets.VideoSample(p, "a", Split: "train")).ToList();
        var bad = Datasets.DecodeCheck.Undecodable(samples);
        CollectionAssert.AreEqual(new[] { paths[1], paths[2], missing }, bad.Select(b => b.Sample.Path).ToArray(),
            "a video cut mid-stream still decodes its first frames, so it stays (its loader warns)");
        StringAssert.Contains(bad[1].Error.Reason, "no frame of its 'MJPG' stream decodes");
        Assert.IsTrue(bad.All(b => b.Error.Message.Contains(b.Sample.Path)));
        Assert.IsNull(Datasets.DecodeCheck.Check(paths[0]));
    }

    [TestMethod]
    public void CountFrames_Av1Video_ThrowsNamingTheCodecAndTheFix()
    {
        string path = FfmpegVideos.Av1()
            ?? throw new AssertInconclusiveException("ffmpeg with an AV1 encoder (libaom) is not installed, so no AV1 video was made.");
        using var reader = new VideoReader(path);
        Assert.AreEqual("AV01", reader.Codec);
        var e = Assert.ThrowsExactly<VideoDecodeException>(() => reader.CountFrames());
        StringAssert.Contains(e.Message, path);
        StringAssert.Contains(e.Reason, "no frame of its 'AV01' stream decodes");
        StringAssert.Contains(e.Reason, "-c:v libx264");
        Assert.IsFalse(e.Message.Contains('\n'));
    }

    [TestMethod]
    public void ReadFrames_GrayscaleVideo_ReturnsBgrWithEqualChannels()
    {
        string path = BadVideos.Grayscale();
        using var reader = new VideoReader(path);
        var frames = reader.ReadFrames([1]);
        using var frame = frames[0];
        Assert.AreEqual(MatType.CV_8UC3, frame.Type());
        var mean = frame.Mean();
        Assert.AreEqual(mean.Val0, mean.Val1, 1e-9);
        Assert.AreEqual(mean.Val0, mean.Val2, 1e-9);
        Assert.AreEqual(90, mean.Val0, 3);
    }

    [TestMethod]
    public void ReadEach_VisitsFramesInOrderFromFirst()
    {
        using var reader = new VideoReader(TestVideos.IndexCoded(".mp4"));
        var seen = new List<int>();
        Assert.AreEqual(10, reader.ReadEach(5, 10, frame => seen.Add(TestVideos.CodedIndex(frame))));
        CollectionAssert.AreEqual(Enumerable.Range(5, 10).ToArray(), seen.ToArray());
        Assert.AreEqual(0, reader.ReadEach(0, 0, _ => Assert.Fail("no frame is asked for")));
    }

    [TestMethod]
    public void ReadEach_HeaderOvercounts_StopsAtTheRealEndAndRecordsIt()
    {
        using var reader = new VideoReader(BadVideos.TruncatedAvi(0.9));
        var seen = new List<int>();
        Assert.AreEqual(26, reader.ReadEach(0, reader.FrameCount, frame => seen.Add(TestVideos.CodedIndex(frame))));
        CollectionAssert.AreEqual(Enumerable.Range(0, 26).ToArray(), seen.ToArray());
        Assert.IsTrue(reader.IsFrameCountExact);
        Assert.AreEqual(26, reader.FrameCount);
    }
}
