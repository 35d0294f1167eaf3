
namespace TimeSformer.Video.Tests;

[TestClass]
public sealed class VideoSegmentTests
{
    [TestMethod]
    [DataRow("/v/a.mp4#t=1.5,4", 1.5, 4.0)]
    [DataRow("/v/a.mp4#t=2", 2.0, double.PositiveInfinity)]
    [DataRow("/v/a.mp4#t=,3", 0.0, 3.0)]
    public void Parse_TimeFragment_SplitsPathAndSeconds(string location, double start, double end)
    {
        var (path, segment) = VideoSegment.Parse(location);
        Assert.AreEqual("/v/a.mp4", path);
        Assert.AreEqual(new VideoSegment(start, end), segment);
    }

    [TestMethod]
    public void Parse_NoFragmentOrAnExistingFileWithHash_IsTheWholeFile()
    {
        Assert.AreEqual(("/v/a.mp4", (VideoSegment?)null), VideoSegment.Parse("/v/a.mp4"));
        string hashed = Path.Combine(TestVideos.Folder, "clip#t=1,2.avi");
        File.WriteAllText(hashed, "");
        Assert.AreEqual((hashed, (VideoSegment?)null), VideoSegment.Parse(hashed));
    }

    [TestMethod]
    [DataRow("/v/a.mp4#t=one,2", "malformed time fragment")]
    [DataRow("/v/a.mp4#t=", "malformed time fragment")]
    [DataRow("/v/a.mp4#t=1,2,3", "malformed time fragment")]
    [DataRow("/v/a.mp4#t=4,1", "0 <= start < end seconds, was 4 to 1")]
    public void Parse_BadFragment_ThrowsNamingTheProblem(string location, string message)
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => VideoSegment.Parse(location));
        StringAssert.Contains(e.Message, message);
    }

    [TestMethod]
    public void AppendTo_RoundTripsThroughParse()
    {
        var segment = new VideoSegment(0.125, 10);
        Assert.AreEqual("/v/a.mp4#t=0.125,10", segment.AppendTo("/v/a.mp4"));
        Assert.AreEqual(("/v/a.mp4", (VideoSegment?)segment), VideoSegment.Parse(segment.AppendTo("/v/a.mp4")));
        Assert.AreEqual("/v/a.mp4#t=3", new VideoSegment(3, double.PositiveInfinity).AppendTo("/v/a.mp4"));
    }

    [TestMethod]
    public void Frames_MapsSecondsToFrameRangeClippedToTheVideo()
    {
        Assert.AreEqual((10, 10), new VideoSegment(0.4, 0.8).Frames("a.mp4", 30, 25));
        Assert.AreEqual((25, 5), new VideoSegment(1, 9).Frames("a.mp4", 30, 25));
        Assert.AreEqual((5, 25), new VideoSegment(0.2, double.PositiveInfinity).Frames("a.mp4", 30, 25));
    }

    [TestMethod]
    public void Frames_OutsideTheVideoOrNoFrameRate_ThrowsVideoDecodeException()
    {
        var outside = Assert.ThrowsExactly<VideoDecodeException>(() => new VideoSegment(2, 3).Frames("a.mp4", 30, 25));
        Assert.AreEqual("a.mp4", outside.Path);
        StringAssert.Contains(outside.Reason, "the segment 2-3 s lies outside the video (1.2 s)");
        var noRate = Assert.ThrowsExactly<VideoDecodeException>(() => new VideoSegment(0, 1).Frames("a.mp4", 30, 0));
        StringAssert.Contains(noRate.Reason, "no frame rate");
    }
}
