using TimeSformer.Contract;

namespace TimeSformer.Video.Tests;

[TestClass]
public sealed class FrameSamplerTests
{
    [TestMethod]
    public void SegmentUniform_Evaluation_TakesSegmentCentres() =>
        CollectionAssert.AreEqual(new[] { 1, 5, 9, 13, 16, 20, 24, 28 }, FrameSampler.SegmentUniform(30, 8));

    [TestMethod]
    public void SegmentUniform_FewerFramesThanClip_RepeatsFramesInOrder() =>
        CollectionAssert.AreEqual(new[] { 0, 0, 1, 1, 2, 2, 3, 3 }, FrameSampler.SegmentUniform(4, 8));

    [TestMethod]
    public void SegmentUniform_ThreeViews_EachSpansTheVideoAtTheTrainingSpeed()
    {
        // Segments of 7.5 frames; the views take the centres of their thirds of each segment, so they interleave.
        var views = Enumerable.Range(0, 3).Select(i => FrameSampler.SegmentUniform(30, 4, new ClipView(i, 3))).ToList();
        CollectionAssert.AreEqual(new[] { 1, 8, 16, 23 }, views[0]);
        CollectionAssert.AreEqual(new[] { 3, 11, 18, 26 }, views[1]);
        CollectionAssert.AreEqual(new[] { 6, 13, 21, 28 }, views[2]);
    }

    [TestMethod]
    public void SegmentUniform_Training_OneFrameInEachSegment()
    {
        var random = new Random(3);
        for (int trial = 0; trial < 50; trial++)
        {
            var indices = FrameSampler.SegmentUniform(30, 8, random: random);
            for (int j = 0; j < 8; j++)
            {
                Assert.IsGreaterThanOrEqualTo((int)Math.Floor(3.75 * j), indices[j]);
                Assert.IsLessThan(3.75 * (j + 1), indices[j]);
            }
        }
    }

    [TestMethod]
    public void SegmentUniform_SameSeed_SameIndices()
    {
        var a = FrameSampler.SegmentUniform(300, 8, random: new Random(7));
        CollectionAssert.AreEqual(a, FrameSampler.SegmentUniform(300, 8, random: new Random(7)));
        CollectionAssert.AreNotEqual(a, FrameSampler.SegmentUniform(300, 8, random: new Random(8)));
    }

    [TestMethod]
    public void FixedStride_Evaluation_CentresWindow() =>
        CollectionAssert.AreEqual(new[] { 37, 69, 101, 133, 165, 197, 229, 261 }, FrameSampler.FixedStride(300, 8, 32));

    [TestMethod]
    public void FixedStride_VideoShorterThanWindow_ClampsToLastFrame() =>
        CollectionAssert.AreEqual(new[] { 0, 32, 64, 96, 99, 99, 99, 99 }, FrameSampler.FixedStride(100, 8, 32));

    [TestMethod]
    public void FixedStride_ThreeViews_CentredInThirdsOfStartRange()
    {
        Assert.AreEqual(12, FrameSampler.FixedStride(300, 8, 32, new ClipView(0, 3))[0]);
        Assert.AreEqual(37, FrameSampler.FixedStride(300, 8, 32, new ClipView(1, 3))[0]);
        Assert.AreEqual(62, FrameSampler.FixedStride(300, 8, 32, new ClipView(2, 3))[0]);
    }

    [TestMethod]
    public void FixedStride_Training_StartWithinRangeAndStrideKept()
    {
        var random = new Random(1);
        var starts = new HashSet<int>();
        for (int trial = 0; trial < 200; trial++)
        {
            var indices = FrameSampler.FixedStride(300, 8, 32, random: random);
            starts.Add(indices[0]);
            Assert.IsTrue(indices[0] is >= 0 and <= 75, $"start {indices[0]}");
            Assert.AreEqual(224, indices[7] - indices[0]);
        }
        Assert.IsGreaterThan(40, starts.Count);
    }

    [TestMethod]
    public void Sample_FixedStrideSpec_UsesSpecStride() =>
        CollectionAssert.AreEqual(new[] { 0, 2, 4, 6 },
            FrameSampler.Sample(7, new ClipSpec { Frames = 4, Size = 8, ShortSide = 8, Sampling = FrameSampling.FixedStride, Stride = 2 }));

    [TestMethod]
    public void SegmentUniform_ViewIndexOutOfRange_Throws() =>
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => FrameSampler.SegmentUniform(30, 8, new ClipView(3, 3)));

    [TestMethod]
    public void SegmentUniform_ZeroFrames_Throws() =>
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => FrameSampler.SegmentUniform(0, 8));
}
