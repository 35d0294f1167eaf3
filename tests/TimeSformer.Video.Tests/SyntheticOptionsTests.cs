using OpenCvSharp;
using TimeSformer.Video.Synthetic;

namespace TimeSformer.Video.Tests;

/// <summary>The generalisation options (object size, speed, frame size, length and rate, background, codec, seed) each
/// change what they should, and none lets the first frame give the class away.</summary>
[TestClass]
public sealed class SyntheticOptionsTests
{
    private static readonly SyntheticMotionOptions Tiny = new()
    {
        ClipsPerClass = 2, Groups = 2, MinFrames = 6, MaxFrames = 8, Noise = 0, Seed = 11,
    };

    [TestMethod]
    public void RenderFrame_ObjectSize_ScalesTheObjectsArea()
    {
        // Same seed, so the same shape, start and colours: only the radius differs, and the area goes with its square.
        double Area(double size)
        {
            var clip = SyntheticMotionDataset.Plan(Tiny with
            {
                Background = SyntheticBackground.Flat, MinObjectSize = size, MaxObjectSize = size, Width = 320, Height = 320,
                Classes = [MotionClass.Grow],
            })[0];
            using var frame = clip.RenderFrame(0);
            var background = frame.At<Vec3b>(0, 0);
            using var same = frame.InRange(new Scalar(background.Item0, background.Item1, background.Item2), new Scalar(background.Item0, background.Item1, background.Item2));
            return frame.Total() - Cv2.CountNonZero(same);
        }
        double small = Area(0.08), large = Area(0.32);
        Assert.IsGreaterThan(0, small);
        Assert.AreEqual(16, large / small, 3, $"areas {small} and {large}"); // 16 = (0.32 / 0.08)^2; anti-aliased edges inflate the small one
    }

    [TestMethod]
    public void StateAt_DoubleSpeed_DoublesTheDisplacement()
    {
        double Drift(double speed)
        {
            var clip = SyntheticMotionDataset.Plan(Tiny with { MinSpeed = speed, MaxSpeed = speed * 1.5, Classes = [MotionClass.MoveDown] })[0];
            double moved = clip.StateAt(clip.FrameCount - 1).CenterY - clip.StateAt(0).CenterY;
            return ((moved % clip.Height) + clip.Height) % clip.Height;
        }
        double slow = Drift(0.2), fast = Drift(0.4);
        Assert.AreEqual(2 * slow, fast, 1e-9);
        Assert.IsGreaterThan(0.2 * 64 - 1e-9, slow);
    }

    [TestMethod]
    [DataRow(SyntheticContainer.AviMjpg, 96, 64, 12.0)]
    [DataRow(SyntheticContainer.Mp4Mp4v, 64, 160, 30.0)]
    public void Generate_FrameSizeLengthAndRate_ReadBack(SyntheticContainer container, int width, int height, double fps)
    {
        var options = Tiny with { Container = container, Width = width, Height = height, Fps = fps, MinFrames = 9, MaxFrames = 9, Classes = [MotionClass.MoveLeft] };
        var set = SyntheticMotionDataset.Generate(Path.Combine(TestVideos.Folder, $"synth-size-{container}"), options);
        using var reader = new VideoReader(set.PathOf(set.Clips[0]));
        Assert.AreEqual(width, reader.Width);
        Assert.AreEqual(height, reader.Height);
        Assert.AreEqual(fps, reader.Fps, 1e-3);
        Assert.AreEqual(9, reader.CountFrames());
    }

    [TestMethod]
    public void RenderFrame_BackgroundKinds_DifferInTheirStatistics()
    {
        // Same seed and a small object: what differs between the kinds is the background.
        var frames = new Dictionary<SyntheticBackground, (Mat First, Mat Last)>();
        foreach (var kind in new[] { SyntheticBackground.Flat, SyntheticBackground.Gradient, SyntheticBackground.Noise, SyntheticBackground.Clutter })
        {
            var clip = SyntheticMotionDataset.Plan(Tiny with { Background = kind, MinObjectSize = 0.08, MaxObjectSize = 0.08, Classes = [MotionClass.Grow] })[0];
            frames[kind] = (clip.RenderFrame(0), clip.RenderFrame(clip.FrameCount - 1));
        }
        try
        {
            var flat = frames[SyntheticBackground.Flat].First;
            double corner = flat.At<Vec3b>(0, 0).Item0;
            using var flatGrey = flat.ExtractChannel(0);
            using var equal = flatGrey.InRange(new Scalar(corner), new Scalar(corner));
            Assert.IsGreaterThan(0.9, Cv2.CountNonZero(equal) / (double)flat.Total(), "flat is one colour but for the object");
            Assert.IsGreaterThan(1.0, MeanDifference(frames[SyntheticBackground.Gradient].First, flat), "a gradient is not flat");
            double noisy = Roughness(frames[SyntheticBackground.Noise].First);
            Assert.IsGreaterThan(2 * Roughness(flat), noisy, "noise cells are rough");
            Assert.IsGreaterThan(2 * Roughness(frames[SyntheticBackground.Gradient].First), noisy, "a gradient is smooth");
            Assert.IsGreaterThan(2 * MeanDifference(flat, frames[SyntheticBackground.Flat].Last),
                MeanDifference(frames[SyntheticBackground.Clutter].First, frames[SyntheticBackground.Clutter].Last), "clutter moves");
        }
        finally
        {
            foreach (var (first, last) in frames.Values)
            {
                first.Dispose();
                last.Dispose();
            }
        }
    }

    // Mean absolute difference between horizontal neighbours.
    private static double Roughness(Mat frame)
    {
        using var left = frame[new Rect(0, 0, frame.Cols - 1, frame.Rows)];
        using var right = frame[new Rect(1, 0, frame.Cols - 1, frame.Rows)];
        return MeanDifference(left, right);
    }

    [TestMethod]
    [DataRow(SyntheticBackground.Styled)]
    [DataRow(SyntheticBackground.Flat)]
    [DataRow(SyntheticBackground.Gradient)]
    [DataRow(SyntheticBackground.Noise)]
    [DataRow(SyntheticBackground.Clutter)]
    public void RenderFrame_EveryBackground_SameFirstFrameInEveryClass(SyntheticBackground kind)
    {
        var options = Tiny with { Background = kind, Noise = 8, Width = 96, Height = 64, MinObjectSize = 0.1, MaxObjectSize = 0.3, MinSpeed = 1, MaxSpeed = 1.4 };
        var firsts = SyntheticMotionDataset.Plan(options).Where(c => c.Group == 2 && c.Index == 1).ToArray();
        Assert.HasCount(8, firsts);
        using var reference = firsts[0].RenderFrame(0);
        using var lastReference = firsts[0].RenderFrame(firsts[0].FrameCount - 1);
        foreach (var clip in firsts.Skip(1))
        {
            using var first = clip.RenderFrame(0);
            using var last = clip.RenderFrame(clip.FrameCount - 1);
            Assert.AreEqual(0, Cv2.Norm(first, reference, NormTypes.L1), clip.Label);
            Assert.IsGreaterThan(0, Cv2.Norm(last, lastReference, NormTypes.L1), clip.Label);
        }
    }

    [TestMethod]
    public void Plan_NewOptions_DeterministicPerSeed()
    {
        var options = Tiny with { Background = SyntheticBackground.Clutter, Width = 80, Height = 64, MinObjectSize = 0.1, MaxObjectSize = 0.2, Noise = 6 };
        static byte[] Frame(SyntheticMotionOptions o)
        {
            using var frame = SyntheticMotionDataset.Plan(o)[3].RenderFrame(4);
            return frame.AsSpan<byte>().ToArray();
        }
        CollectionAssert.AreEqual(Frame(options), Frame(options));
        CollectionAssert.AreNotEqual(Frame(options), Frame(options with { Seed = 12 }));
    }

    [TestMethod]
    public void Generate_H264_RoundTripsThroughFfmpeg()
    {
        if (!FfmpegVideoWriter.IsAvailable())
            Assert.Inconclusive("ffmpeg is not installed (Debian: apt-get install ffmpeg), so the H.264 round trip was not tested.");
        var options = Tiny with { Container = SyntheticContainer.Mp4H264, Width = 96, Height = 64, Classes = [MotionClass.MoveRight, MotionClass.RotateClockwise] };
        string root = Path.Combine(TestVideos.Folder, "synth-h264");
        var set = SyntheticMotionDataset.Generate(root, options);
        Assert.IsEmpty(Directory.GetFiles(root, "*.partial*", SearchOption.AllDirectories));
        var clip = set.Clips[^1];
        StringAssert.EndsWith(set.PathOf(clip), ".mp4");
        using var reader = new VideoReader(set.PathOf(clip));
        Assert.AreEqual(clip.FrameCount, reader.CountFrames());
        Assert.AreEqual(96, reader.Width);
        Assert.AreEqual(64, reader.Height);
        var decoded = reader.ReadFrames([clip.FrameCount - 1]);
        using var frame = decoded[0];
        using var drawn = clip.RenderFrame(clip.FrameCount - 1);
        using var first = clip.RenderFrame(0);
        Assert.IsLessThan(MeanDifference(frame, first), MeanDifference(frame, drawn), "the decoded frame is the one drawn");
        Assert.IsLessThan(6.0, MeanDifference(frame, drawn));
        var again = SyntheticMotionDataset.Generate(root + "-again", options);
        CollectionAssert.AreEqual(File.ReadAllBytes(set.PathOf(clip)), File.ReadAllBytes(again.PathOf(again.Clips[^1])), "one thread, bit-exact: same bytes");
    }

    [TestMethod]
    public void Generate_H264WithoutFfmpeg_OneLineErrorNamingTheTool()
    {
        var options = Tiny with { Container = SyntheticContainer.Mp4H264, FfmpegPath = "/nonexistent/ffmpeg" };
        string root = Path.Combine(TestVideos.Folder, "synth-no-ffmpeg");
        var e = Assert.ThrowsExactly<IOException>(() => SyntheticMotionDataset.Generate(root, options));
        StringAssert.Contains(e.Message, "needs ffmpeg");
        StringAssert.Contains(e.Message, "/nonexistent/ffmpeg");
        Assert.IsFalse(e.Message.Contains('\n'));
        Assert.IsFalse(Directory.Exists(root) && Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Any());
        var direct = Assert.ThrowsExactly<IOException>(() => new FfmpegVideoWriter(Path.Combine(TestVideos.Folder, "x.mp4"), 16, 16, 25, "/nonexistent/ffmpeg"));
        Assert.AreEqual(e.Message, direct.Message);
    }

    [TestMethod]
    public void Generate_H264_RunsAtMostOneEncoderPerCore()
    {
        // A stand-in ffmpeg that notes how many of its kind run at once and keeps its writer blocked on the pipe for a
        // while before reading, as a slow encoder does: an unbounded writer loop then grows the thread pool and starts
        // more encoders than cores.
        string folder = Path.Combine(TestVideos.Folder, "synth-encoder-count");
        Directory.CreateDirectory(folder);
        string running = Path.Combine(folder, "running"), counts = Path.Combine(folder, "counts.txt");
        Directory.CreateDirectory(running);
        string fake = Path.Combine(folder, "ffmpeg");
        File.WriteAllText(fake, $$"""
            #!/bin/sh
            [ "$1" = -version ] && { echo "ffmpeg stand-in"; exit 0; }
            touch "{{running}}/$$"
            ls "{{running}}" | wc -l >> "{{counts}}"
            sleep 0.3
            for last; do :; done
            cat > "$last"
            rm -f "{{running}}/$$"
            """);
        if (!OperatingSystem.IsLinux())
        {
            Assert.Inconclusive("The stand-in encoder is a shell script.");
            return;
        }
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var options = Tiny with { Container = SyntheticContainer.Mp4H264, FfmpegPath = fake, ClipsPerClass = 4, Width = 64, Height = 64, MinFrames = 24, MaxFrames = 24 };

        SyntheticMotionDataset.Generate(Path.Combine(folder, "set"), options);

        var seen = File.ReadAllLines(counts).Select(int.Parse).ToList();
        Assert.HasCount(options.Classes.Count * options.ClipsPerClass, seen);
        Assert.IsLessThanOrEqualTo(Environment.ProcessorCount, seen.Max(), $"encoders at once: {string.Join(' ', seen)}");
    }

    private static double MeanDifference(Mat a, Mat b)
    {
        using var diff = new Mat();
        Cv2.Absdiff(a, b, diff);
        return Cv2.Mean(diff).ToDouble();
    }
}
