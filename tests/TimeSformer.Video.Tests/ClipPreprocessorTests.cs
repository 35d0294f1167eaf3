using OpenCvSharp;
using TimeSformer.Contract;

namespace TimeSformer.Video.Tests;

[TestClass]
public sealed class ClipPreprocessorTests
{
    private static readonly ClipSpec Spec = new() { Frames = 2, Size = 16, ShortSide = 20 };

    [TestMethod]
    public void ResizedSize_Landscape640x480_ShortSide224() =>
        Assert.AreEqual(new Size(299, 224), ClipPreprocessor.ResizedSize(new Size(640, 480), 224));

    [TestMethod]
    public void ResizedSize_Portrait_ShortSideIsWidth() =>
        Assert.AreEqual(new Size(224, 299), ClipPreprocessor.ResizedSize(new Size(480, 640), 224));

    [TestMethod]
    [DataRow(CropPosition.Start, 0, 0)]
    [DataRow(CropPosition.Center, 37, 0)]
    [DataRow(CropPosition.End, 75, 0)]
    public void CropRect_Landscape_MovesAlongWidth(CropPosition position, int x, int y) =>
        Assert.AreEqual(new Rect(x, y, 224, 224), ClipPreprocessor.CropRect(new Size(299, 224), 224, position));

    [TestMethod]
    public void CropRect_PortraitEnd_Bottom() =>
        Assert.AreEqual(new Rect(0, 75, 224, 224), ClipPreprocessor.CropRect(new Size(224, 299), 224, CropPosition.End));

    [TestMethod]
    public void CropRect_RandomWithoutSource_Throws() =>
        Assert.ThrowsExactly<ArgumentException>(() => ClipPreprocessor.CropRect(new Size(30, 20), 16, CropPosition.Random));

    [TestMethod]
    public void Process_UniformColour_NormalisedPerRgbChannel()
    {
        using var frame = TestVideos.Solid(40, 30, new Scalar(30, 120, 200)); // B, G, R
        var clip = new ClipPreprocessor(Spec).Process([frame, frame]);
        Assert.HasCount(2 * 3 * 16 * 16, clip);
        int plane = 16 * 16;
        for (int t = 0; t < 2; t++)
        {
            AssertPlane(clip, (t * 3 + 0) * plane, plane, (200 / 255f - 0.45f) / 0.225f);
            AssertPlane(clip, (t * 3 + 1) * plane, plane, (120 / 255f - 0.45f) / 0.225f);
            AssertPlane(clip, (t * 3 + 2) * plane, plane, (30 / 255f - 0.45f) / 0.225f);
        }
    }

    [TestMethod]
    public void Process_WideFrame_CropLosesTheEndsAndStretchKeepsThem()
    {
        // A 64x16 frame: red left quarter, green middle, blue right quarter.
        using var frame = TestVideos.Solid(64, 16, new Scalar(0, 255, 0));
        frame[new Rect(0, 0, 16, 16)].SetTo(new Scalar(0, 0, 255));
        frame[new Rect(48, 0, 16, 16)].SetTo(new Scalar(255, 0, 0));
        var spec = new ClipSpec { Frames = 1, Size = 16, ShortSide = 16 };
        float red = (1 - 0.45f) / 0.225f, none = -0.45f / 0.225f;
        int plane = 16 * 16;

        var cropped = new ClipPreprocessor(spec).Process([frame]);
        var stretched = new ClipPreprocessor(spec with { Fit = FrameFit.Stretch }).Process([frame]);

        Assert.AreEqual(none, cropped[8 * 16], 1e-5f, "the centre crop starts in the green middle");
        Assert.AreEqual(red, stretched[8 * 16], 1e-5f, "the stretched frame starts with the red quarter");
        Assert.AreEqual(red, stretched[2 * plane + 8 * 16 + 15], 1e-5f, "and ends with the blue one");
        Assert.AreEqual(red, stretched[plane + 8 * 16 + 8], 1e-5f, "green in the middle");
    }

    [TestMethod]
    public void Process_CustomMeanStd_Applied()
    {
        var spec = Spec with { Mean = [0.5f, 0f, 0f], Std = [0.5f, 1f, 2f] };
        using var frame = TestVideos.Solid(20, 20, new Scalar(255, 255, 255));
        var clip = new ClipPreprocessor(spec).Process([frame, frame]);
        Assert.AreEqual(1f, clip[0], 1e-6f);
        Assert.AreEqual(1f, clip[256], 1e-6f);
        Assert.AreEqual(0.5f, clip[512], 1e-6f);
    }

    [TestMethod]
    public void Process_Flip_MirrorsLeftToRight()
    {
        using var frame = TestVideos.Solid(20, 20, Scalar.Black);
        frame[new Rect(0, 0, 4, 20)].SetTo(Scalar.White); // white left edge
        var pre = new ClipPreprocessor(Spec with { ShortSide = 16 });
        var plain = pre.Process([frame, frame]);
        var flipped = pre.Process([frame, frame], flip: true);
        Assert.IsGreaterThan(2f, plain[0]);
        Assert.IsLessThan(-1.9f, plain[15]);
        Assert.IsLessThan(-1.9f, flipped[0]);
        Assert.IsGreaterThan(2f, flipped[15]);
    }

    [TestMethod]
    public void Process_RandomCrop_SameSeedSameClip()
    {
        using var frame = new Mat(60, 80, MatType.CV_8UC3);
        Cv2.Randu(frame, Scalar.All(0), Scalar.All(255));
        var pre = new ClipPreprocessor(Spec);
        var a = pre.Process([frame, frame], CropPosition.Random, random: new Random(4));
        CollectionAssert.AreEqual(a, pre.Process([frame, frame], CropPosition.Random, random: new Random(4)));
        CollectionAssert.AreNotEqual(a, pre.Process([frame, frame], CropPosition.Center));
    }

    [TestMethod]
    public void Process_WrongFrameCount_Throws()
    {
        using var frame = TestVideos.Solid(20, 20, Scalar.Black);
        var e = Assert.ThrowsExactly<ArgumentException>(() => new ClipPreprocessor(Spec).Process([frame]));
        StringAssert.Contains(e.Message, "Expected 2 frames");
    }

    private static void AssertPlane(float[] clip, int offset, int length, float expected)
    {
        for (int i = offset; i < offset + length; i++) Assert.AreEqual(expected, clip[i], 1e-6f, $"value {i}");
    }
}
