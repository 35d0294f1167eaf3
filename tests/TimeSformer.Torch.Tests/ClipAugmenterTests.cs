using TimeSformer.Torch.Training;
using static TorchSharp.torch;

namespace TimeSformer.Torch.Tests;

[TestClass]
public sealed class ClipAugmenterTests
{
    // Two clips of three frames, 3 channels, 16 px: a bright square on a dark ground, the same in every frame.
    private static Tensor StillClips()
    {
        var clips = zeros([2, 3, 3, 16, 16]);
        clips[.., .., .., 4..8, 4..8] = ones([2, 3, 3, 4, 4]);
        return clips;
    }

    [TestMethod]
    public void ShiftAndZoom_Zero_ReturnsTheClipsUnchanged()
    {
        using var scope = NewDisposeScope();
        var clips = StillClips();
        Assert.AreSame(clips, ClipAugmenter.ShiftAndZoom(clips, 0, 0));
    }

    [TestMethod]
    public void ShiftAndZoom_OneTransformPerClip_FramesOfAClipMoveTogether()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var moved = ClipAugmenter.ShiftAndZoom(StillClips(), 0.2, 0.2);

        CollectionAssert.AreEqual(new long[] { 2, 3, 3, 16, 16 }, moved.shape);
        // Identical frames stay identical: the transform does not change within a clip, so motion is not distorted.
        for (int t = 1; t < 3; t++)
            Assert.AreEqual(0, (moved[.., t] - moved[.., 0]).abs().max().item<float>(), 1e-6);
        // ...but the picture did move, and differently for the two clips.
        Assert.IsGreaterThan(0.1f, (moved - StillClips()).abs().max().item<float>());
        Assert.IsGreaterThan(0.1f, (moved[0] - moved[1]).abs().max().item<float>());
    }

    [TestMethod]
    public void ShiftAndZoom_SameSeed_SameClips()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        var first = ClipAugmenter.ShiftAndZoom(StillClips(), 0.1, 0.1);
        manual_seed(5);
        var second = ClipAugmenter.ShiftAndZoom(StillClips(), 0.1, 0.1);
        Assert.AreEqual(0f, (first - second).abs().max().item<float>());
    }

    [TestMethod]
    public void ShiftAndZoom_NotAClipBatch_Throws()
    {
        using var scope = NewDisposeScope();
        Assert.ThrowsExactly<ArgumentException>(() => ClipAugmenter.ShiftAndZoom(zeros([3, 16, 16]), 0.1, 0.1));
    }
}
