using System.Diagnostics;
using OpenCvSharp;
using TimeSformer.Video.Datasets;
using TimeSformer.Video.Synthetic;

namespace TimeSformer.Video.Tests;

[TestClass]
public sealed class SyntheticMotionDatasetTests
{
    private static readonly SyntheticMotionOptions Small = new()
    {
        ClipsPerClass = 4, Groups = 4, MinFrames = 12, MaxFrames = 16, TestFraction = 0.25, Seed = 5,
    };

    [TestMethod]
    [DataRow(SyntheticContainer.AviMjpg, ".avi")]
    [DataRow(SyntheticContainer.Mp4Mp4v, ".mp4")]
    public void Generate_SmallSet_WritesFilesAndManifest(SyntheticContainer container, string extension)
    {
        string root = Path.Combine(TestVideos.Folder, "synth-" + container);
        var watch = Stopwatch.StartNew();
        var set = SyntheticMotionDataset.Generate(root, Small with { Container = container });
        Assert.IsLessThan(10_000L, watch.ElapsedMilliseconds);
        Assert.HasCount(32, set.Clips);
        var first = set.Clips[0];
        Assert.AreEqual(Path.Combine(set.Root, "move_left", "v_move_left_g01_c01" + extension), set.PathOf(first));
        Assert.IsTrue(set.Clips.All(c => File.Exists(set.PathOf(c))));
        Assert.IsEmpty(Directory.GetFiles(root, "*.partial*", SearchOption.AllDirectories));

        var manifest = VideoDataset.FromCsv(set.ManifestPath);
        CollectionAssert.AreEqual(new[] { "grow", "move_down", "move_left", "move_right", "move_up", "rotate_ccw", "rotate_cw", "shrink" }, manifest.Labels.ToArray());
        Assert.HasCount(8, manifest.Test.Samples);
        Assert.HasCount(24, manifest.Train.Samples);
        var testGroups = manifest.Test.Samples.Select(s => s.Group).ToHashSet();
        Assert.HasCount(1, testGroups);
        Assert.IsFalse(manifest.Train.Samples.Any(s => testGroups.Contains(s.Group)));

        using var reader = new VideoReader(set.PathOf(first));
        Assert.AreEqual(first.FrameCount, reader.CountFrames());
        Assert.AreEqual(64, reader.Width);
        Assert.AreEqual(25, reader.Fps, 1e-6);
    }

    [TestMethod]
    [DataRow(SyntheticContainer.AviMjpg, 2.5)]
    [DataRow(SyntheticContainer.Mp4Mp4v, 5.0)]
    public void Generate_DecodedFrames_MatchRenderedFrames(SyntheticContainer container, double tolerance)
    {
        var options = Small with { Container = container, Noise = 0, Classes = [MotionClass.MoveRight, MotionClass.RotateClockwise] };
        var set = SyntheticMotionDataset.Generate(Path.Combine(TestVideos.Folder, "synth-pixels-" + container), options);
        foreach (var clip in set.Clips.Take(3).Concat(set.Clips.TakeLast(2)))
        {
            using var reader = new VideoReader(set.PathOf(clip));
            int[] indices = [0, clip.FrameCount / 2, clip.FrameCount - 1];
            var frames = reader.ReadFrames(indices);
            for (int k = 0; k < indices.Length; k++)
            {
                using var decoded = frames[k];
                using var drawn = clip.RenderFrame(indices[k]);
                using var other = clip.RenderFrame((indices[k] + clip.FrameCount / 2) % clip.FrameCount);
                double error = BlurredError(decoded, drawn);
                Assert.IsLessThan(tolerance, error, $"{clip.FileName(container)} frame {indices[k]}");
                Assert.IsGreaterThan(tolerance, BlurredError(decoded, other), "another frame differs more");
            }
        }
    }

    // Mean absolute difference after a 5x5 blur: codec error at edges averages out, a displaced object does not.
    private static double BlurredError(Mat a, Mat b)
    {
        using var blurredA = new Mat();
        using var blurredB = new Mat();
        using var diff = new Mat();
        Cv2.GaussianBlur(a, blurredA, new Size(5, 5), 0);
        Cv2.GaussianBlur(b, blurredB, new Size(5, 5), 0);
        Cv2.Absdiff(blurredA, blurredB, diff);
        return Cv2.Mean(diff).ToDouble();
    }

    [TestMethod]
    public void Plan_StartCentres_SpanTheWholeWrappingFrame()
    {
        // Starts kept a radius off the edges would leave [14, 50] of a 64-pixel frame for the smallest default object,
        // and the rows a drift visits would then tell its direction from single frames.
        var starts = SyntheticMotionDataset.Plan(Small with { ClipsPerClass = 64, Classes = [MotionClass.MoveUp] })
            .Select(c => c.StateAt(0)).ToArray();
        Assert.IsTrue(starts.All(s => s.Radius >= 0.22 * 64 - 1e-9 && s.Radius <= 0.34 * 64 + 1e-9));
        Assert.IsLessThan(0.1 * 64, starts.Min(s => s.CenterX));
        Assert.IsGreaterThan(0.9 * 64, starts.Max(s => s.CenterX));
        Assert.IsLessThan(0.1 * 64, starts.Min(s => s.CenterY));
        Assert.IsGreaterThan(0.9 * 64, starts.Max(s => s.CenterY));
    }

    [TestMethod]
    public void StateAt_MoveRight_DriftsBySpeedTimesSide()
    {
        var clip = SyntheticMotionDataset.Plan(Small with { Classes = [MotionClass.MoveRight] })[0];
        var a = clip.StateAt(0);
        var b = clip.StateAt(clip.FrameCount - 1);
        double drift = ((b.CenterX - a.CenterX) % 64 + 64) % 64;
        Assert.IsTrue(drift is >= 0.5 * 64 - 1e-9 and <= 0.8 * 64 + 1e-9, $"drift {drift}");
        Assert.AreEqual(a.CenterY, b.CenterY, 1e-9);
        Assert.AreEqual(a.Radius, b.Radius, 1e-9);
    }

    [TestMethod]
    public void StateAt_GrowAndRotate_ChangeSizeAndAngleOnly()
    {
        var clips = SyntheticMotionDataset.Plan(Small with { Classes = [MotionClass.Grow, MotionClass.Shrink, MotionClass.RotateCounterclockwise] });
        var grow = clips[0];
        var shrink = clips[4];
        var turn = clips[8];
        int last = grow.FrameCount - 1;
        double factor = grow.StateAt(last).Radius / grow.StateAt(0).Radius;
        Assert.IsTrue(factor is >= 1.5 and <= 1.8, $"growth {factor}");
        Assert.AreEqual(1 / factor, shrink.StateAt(last).Radius / shrink.StateAt(0).Radius, 1e-9);
        double turned = ((turn.StateAt(0).AngleDegrees - turn.StateAt(last).AngleDegrees) % 360 + 360) % 360;
        Assert.IsTrue(turned is >= 180 and <= 288, $"turned {turned}");
        Assert.AreEqual(turn.StateAt(0).CenterX, turn.StateAt(last).CenterX, 1e-9);
    }

    [TestMethod]
    public void RenderFrame_SameGroupAndIndex_SameFirstFrameInEveryClass()
    {
        var clips = SyntheticMotionDataset.Plan(Small);
        var firsts = clips.Where(c => c.Group == 2 && c.Index == 1).ToArray();
        Assert.HasCount(8, firsts);
        using var reference = firsts[0].RenderFrame(0);
        foreach (var clip in firsts.Skip(1))
        {
            using var first = clip.RenderFrame(0);
            using var last = clip.RenderFrame(clip.FrameCount - 1);
            using var lastReference = firsts[0].RenderFrame(clip.FrameCount - 1);
            Assert.AreEqual(0, Cv2.Norm(first, reference, NormTypes.L1), clip.Label);
            Assert.IsGreaterThan(0, Cv2.Norm(last, lastReference, NormTypes.L1), clip.Label);
        }
    }

    [TestMethod]
    public void Generate_SameSeed_ByteIdenticalFiles()
    {
        var options = Small with { Classes = [MotionClass.MoveUp], ClipsPerClass = 4 };
        var a = SyntheticMotionDataset.Generate(Path.Combine(TestVideos.Folder, "det-a"), options);
        var b = SyntheticMotionDataset.Generate(Path.Combine(TestVideos.Folder, "det-b"), options);
        var c = SyntheticMotionDataset.Generate(Path.Combine(TestVideos.Folder, "det-c"), options with { Seed = 6 });
        for (int i = 0; i < a.Clips.Count; i++)
            CollectionAssert.AreEqual(File.ReadAllBytes(a.PathOf(a.Clips[i])), File.ReadAllBytes(b.PathOf(b.Clips[i])));
        CollectionAssert.AreNotEqual(File.ReadAllBytes(a.PathOf(a.Clips[0])), File.ReadAllBytes(c.PathOf(c.Clips[0])));
    }

    [TestMethod]
    public void Plan_GroupsMoreThanClips_ThrowsNamingField()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => SyntheticMotionDataset.Plan(Small with { Groups = 5, ClipsPerClass = 4 }));
        StringAssert.Contains(e.Message, "ClipsPerClass");
    }
}
