using OpenCvSharp;
using TimeSformer.Contract;
using TimeSformer.Video.Tests.Fixtures;

namespace TimeSformer.Video.Tests;

[TestClass]
public sealed class ClipLoaderTests
{
    // Frames stay 64x48 (short side 48) and the start crop keeps bit columns 0-5 of the index-coded video.
    private static readonly ClipSpec CodedSpec = new() { Frames = 8, Size = 48, ShortSide = 48 };
    private static readonly ClipView StartCrop = new(Crop: CropPosition.Start);

    [TestMethod]
    [DataRow(".avi")]
    [DataRow(".mp4")]
    public void Load_Evaluation_TakesSegmentCentres(string extension)
    {
        var clip = new ClipLoader(CodedSpec).Load(TestVideos.IndexCoded(extension), StartCrop);
        CollectionAssert.AreEqual(new[] { 1, 5, 9, 13, 16, 20, 24, 28 }, FrameIndices(clip, CodedSpec));
    }

    [TestMethod]
    [DataRow(".avi")]
    [DataRow(".mp4")]
    public void Load_TimeFragment_SamplesInsideTheSegmentOnly(string extension)
    {
        // 30 frames at 25 fps: 0.4-0.8 s is frames 10-19, whose segment centres are 10 + (0, 1, 3, 4, 5, 6, 8, 9).
        string path = TestVideos.IndexCoded(extension) + "#t=0.4,0.8";
        var loader = new ClipLoader(CodedSpec);
        CollectionAssert.AreEqual(new[] { 10, 11, 13, 14, 15, 16, 18, 19 }, FrameIndices(loader.Load(path, StartCrop), CodedSpec));
        var views = loader.LoadViews(path, [StartCrop, StartCrop with { TemporalIndex = 1, TemporalCount = 2 }]);
        Assert.IsTrue(views.SelectMany(v => FrameIndices(v, CodedSpec)).All(i => i is >= 10 and < 20));
    }

    [TestMethod]
    public void Load_TimeFragmentTrainingClips_StayInsideTheSegment()
    {
        // Frame i is uniformly grey at 8i, so random crops cannot hide which frame a clip took.
        string path = Path.Combine(TestVideos.Folder, "grey-ramp.avi");
        if (!File.Exists(path)) TestVideos.Write(path, 30, 64, 48, i => TestVideos.Solid(64, 48, Scalar.All(8 * i)));
        var spec = new ClipSpec { Frames = 8, Size = 32, ShortSide = 32 };
        var loader = new ClipLoader(spec);
        for (int seed = 0; seed < 10; seed++)
        {
            var clip = loader.Load(path + "#t=0.4,0.8", null, new Random(seed));
            int[] indices = [.. Enumerable.Range(0, spec.Frames).Select(t =>
                (int)Math.Round(((clip[t * 3 * spec.Size * spec.Size] * 0.225f + 0.45f) * 255) / 8))];
            Assert.IsTrue(indices.All(i => i is >= 10 and < 20), $"seed {seed}: {string.Join(",", indices)}");
        }
    }

    [TestMethod]
    public void Load_MalformedTimeFragment_ThrowsVideoDecodeExceptionNamingIt()
    {
        string path = TestVideos.IndexCoded(".avi") + "#t=soon";
        var e = Assert.ThrowsExactly<VideoDecodeException>(() => new ClipLoader(CodedSpec).Load(path));
        Assert.AreEqual(path, e.Path);
        StringAssert.Contains(e.Reason, "malformed time fragment");
    }

    [TestMethod]
    public void Load_FixedStride_TakesCentredWindow()
    {
        var spec = CodedSpec with { Frames = 4, Sampling = FrameSampling.FixedStride, Stride = 3 };
        var clip = new ClipLoader(spec).Load(TestVideos.IndexCoded(".mp4"), StartCrop);
        CollectionAssert.AreEqual(new[] { 10, 13, 16, 19 }, FrameIndices(clip, spec));
    }

    [TestMethod]
    public void LoadAndReadResized_HeaderOvercounts_SampleDecodedFramesAndWarn()
    {
        var loader = new ClipLoader(CodedSpec);
        var warnings = new List<VideoWarningEventArgs>();
        loader.Warning += (_, e) => warnings.Add(e);
        string path = BadVideos.TruncatedAvi(0.9);
        var clip = loader.Load(path, StartCrop);
        CollectionAssert.AreEqual(new[] { 1, 4, 8, 11, 14, 17, 21, 24 }, FrameIndices(clip, CodedSpec));
        Assert.HasCount(1, warnings);
        Assert.AreEqual(path, warnings[0].Path);

        var video = loader.ReadResized(path);
        Assert.HasCount(26, video.Frames, "every decoded frame is kept, the header's count is not");
        CollectionAssert.AreEqual(clip, loader.Load(video, StartCrop));
        Assert.HasCount(2, warnings);
    }

    [TestMethod]
    public void Load_FewerFramesThanTheClip_WarnsThatFramesRepeat()
    {
        var warnings = LoadWarnings(CodedSpec with { Frames = 40 }, ClipView.Single);
        Assert.AreEqual("only 30 frame(s) decode, fewer than the 40 of a clip: frames are repeated and the prediction is unreliable.", warnings.Single());
    }

    [TestMethod]
    public void LoadViews_TemporalClipsOverlap_WarnsToUseFewer()
    {
        var warnings = LoadWarnings(CodedSpec, null, ClipView.Grid(5, 1));
        StringAssert.StartsWith(warnings.Single(), "5 temporal clips of 8 frames need 40 frames but 30 decode");
    }

    [TestMethod]
    public void Load_FramesLessThanHalfTheClipSide_WarnsThatTheyAreUpscaled()
    {
        var warnings = LoadWarnings(CodedSpec with { Size = 112, ShortSide = 112 }, ClipView.Single);
        StringAssert.StartsWith(warnings.Single(), "frames are 64x48 px, less than half the model's 112 px clips");
    }

    [TestMethod]
    public void Load_CleanVideo_NoWarning()
    {
        Assert.IsEmpty(LoadWarnings(CodedSpec, ClipView.Single));
        Assert.IsEmpty(LoadWarnings(CodedSpec, null, ClipView.Grid(3, 1)));
    }

    private static List<string> LoadWarnings(ClipSpec spec, ClipView? view, IReadOnlyList<ClipView>? views = null)
    {
        var loader = new ClipLoader(spec);
        var warnings = new List<string>();
        loader.Warning += (_, e) => warnings.Add(e.Message);
        if (views is null) loader.Load(TestVideos.IndexCoded(".avi"), view);
        else loader.LoadViews(TestVideos.IndexCoded(".avi"), views);
        return warnings;
    }

    [TestMethod]
    [DataRow(".avi")]
    [DataRow(".mp4")]
    public void Load_PureRedVideo_RedIsFirstChannel(string extension)
    {
        var spec = new ClipSpec { Frames = 2, Size = 16, ShortSide = 16 };
        var clip = new ClipLoader(spec).Load(TestVideos.SolidColor("red", new Scalar(0, 0, 255), extension: extension));
        Assert.AreEqual((1 - 0.45f) / 0.225f, clip[8 * 16 + 8], 0.1f);       // R
        Assert.AreEqual(-0.45f / 0.225f, clip[256 + 8 * 16 + 8], 0.1f);      // G
        Assert.AreEqual(-0.45f / 0.225f, clip[512 + 8 * 16 + 8], 0.1f);      // B
    }

    [TestMethod]
    public void Load_UniformColour_ExactNormalisationOfDecodedValues()
    {
        string path = TestVideos.SolidColor("uniform", new Scalar(30, 120, 200));
        using var reader = new VideoReader(path);
        using var decoded = reader.ReadFrames([0])[0];
        var bgr = decoded.At<Vec3b>(24, 32);
        Assert.AreEqual(200, bgr.Item2, 3);
        Assert.AreEqual(120, bgr.Item1, 3);
        Assert.AreEqual(30, bgr.Item0, 3);
        var spec = new ClipSpec { Frames = 2, Size = 16, ShortSide = 24 };
        var clip = new ClipLoader(spec).Load(path);
        float[] expected = [(bgr.Item2 / 255f - 0.45f) / 0.225f, (bgr.Item1 / 255f - 0.45f) / 0.225f, (bgr.Item0 / 255f - 0.45f) / 0.225f];
        for (int i = 0; i < clip.Length; i++)
            Assert.AreEqual(expected[i / 256 % 3], clip[i], 1e-6f, $"value {i}");
    }

    [TestMethod]
    public void Load_SameSeed_SameTrainingClip()
    {
        var loader = new ClipLoader(CodedSpec with { Size = 32 });
        string path = TestVideos.IndexCoded(".mp4");
        var a = loader.Load(path, random: new Random(11));
        CollectionAssert.AreEqual(a, loader.Load(path, random: new Random(11)));
        CollectionAssert.AreNotEqual(a, loader.Load(path, random: new Random(12)));
    }

    [TestMethod]
    public void Load_FlipOption_FlipsSomeTrainingClipsOnly()
    {
        string path = EdgeVideo();
        var spec = new ClipSpec { Frames = 2, Size = 16, ShortSide = 16 };
        var flipping = new ClipLoader(spec, new ClipLoaderOptions { HorizontalFlip = true });
        var leftBright = Enumerable.Range(0, 20).Select(seed => flipping.Load(path, random: new Random(seed))[0] > 0).ToArray();
        Assert.IsTrue(leftBright.Contains(true) && leftBright.Contains(false));
        Assert.IsGreaterThan(0f, flipping.Load(path)[0]);
        var plain = new ClipLoader(spec);
        Assert.IsTrue(Enumerable.Range(0, 20).All(seed => plain.Load(path, random: new Random(seed))[0] > 0));
    }

    [TestMethod]
    public void LoadViews_Grid_EqualsOneLoadPerView()
    {
        var loader = new ClipLoader(CodedSpec with { Frames = 4, Size = 32, ShortSide = 40 });
        string path = TestVideos.IndexCoded(".avi");
        var views = ClipView.Grid(2, 3);
        var clips = loader.LoadViews(path, views);
        Assert.HasCount(6, clips);
        for (int v = 0; v < views.Count; v++)
            CollectionAssert.AreEqual(loader.Load(path, views[v]), clips[v], $"view {views[v]}");
        CollectionAssert.AreNotEqual(clips[0], clips[3]);
    }

    [TestMethod]
    public void LoadDraws_EqualsOneLoadPerRandomSource()
    {
        var loader = new ClipLoader(CodedSpec with { Frames = 4, Size = 32, ShortSide = 40 }, new ClipLoaderOptions { HorizontalFlip = true });
        string path = TestVideos.IndexCoded(".mp4");
        int[] seeds = [3, 11, 3, 42];
        var draws = loader.LoadDraws(path, [.. seeds.Select(s => new Random(s))]);
        Assert.HasCount(4, draws);
        for (int d = 0; d < seeds.Length; d++)
            CollectionAssert.AreEqual(loader.Load(path, random: new Random(seeds[d])), draws[d], $"draw {d} (seed {seeds[d]})");
        CollectionAssert.AreNotEqual(draws[0], draws[1]);
        Assert.IsEmpty(loader.LoadDraws(path, []));
    }

    [TestMethod]
    [DataRow(".avi", FrameFit.Crop)]
    [DataRow(".mp4", FrameFit.Crop)]
    [DataRow(".mp4", FrameFit.Stretch)]
    public void LoadResized_SameClipsAsLoadingTheFile(string extension, FrameFit fit)
    {
        var loader = new ClipLoader(CodedSpec with { Frames = 4, Size = 32, ShortSide = 40, Fit = fit },
            new ClipLoaderOptions { HorizontalFlip = true });
        string path = TestVideos.IndexCoded(extension);
        var video = loader.ReadResized(path);

        Assert.HasCount(30, video.Frames);
        Assert.AreEqual(fit == FrameFit.Stretch ? new Size(40, 40) : new Size(53, 40), video.FrameSize);
        Assert.AreEqual(30L * 3 * video.FrameSize.Width * video.FrameSize.Height, video.Bytes);
        for (int seed = 0; seed < 8; seed++)
            CollectionAssert.AreEqual(loader.Load(path, random: new Random(seed)), loader.Load(video, random: new Random(seed)), $"seed {seed}");
        foreach (var view in ClipView.Grid(2, 3))
            CollectionAssert.AreEqual(loader.Load(path, view), loader.Load(video, view), $"view {view}");
    }

    [TestMethod]
    public void ReadResized_TimeFragment_KeepsTheSegmentOnly()
    {
        string path = TestVideos.IndexCoded(".avi") + "#t=0.4,0.8";
        var loader = new ClipLoader(CodedSpec);
        var video = loader.ReadResized(path);
        Assert.HasCount(10, video.Frames);
        Assert.AreEqual(path, video.Path);
        CollectionAssert.AreEqual(new[] { 10, 11, 13, 14, 15, 16, 18, 19 }, FrameIndices(loader.Load(video, StartCrop), CodedSpec));
    }

    [TestMethod]
    public void LoadResized_ResizedForAnotherClip_ThrowsAndMissingFileNamesIt()
    {
        var video = new ClipLoader(CodedSpec).ReadResized(TestVideos.IndexCoded(".avi"));
        var e = Assert.ThrowsExactly<ArgumentException>(() => new ClipLoader(CodedSpec with { Size = 32 }).Load(video));
        StringAssert.Contains(e.Message, "resized for another clip");
        string missing = Path.Combine(TestVideos.Folder, "missing.avi");
        Assert.AreEqual(missing, Assert.ThrowsExactly<VideoDecodeException>(() => new ClipLoader(CodedSpec).ReadResized(missing)).Path);
    }

    [TestMethod]
    public void Load_TinyOddSizedVideo_EnlargesToClip()
    {
        string path = Path.Combine(TestVideos.Folder, "tiny.avi");
        TestVideos.Write(path, 3, 9, 7, _ => TestVideos.Solid(9, 7, new Scalar(0, 255, 0)));
        var clip = new ClipLoader(new ClipSpec { Frames = 2, Size = 8, ShortSide = 8 }).Load(path);
        Assert.HasCount(2 * 3 * 64, clip);
        Assert.AreEqual((1 - 0.45f) / 0.225f, clip[64 + 36], 0.1f);
    }

    [TestMethod]
    public void Load_ParallelCalls_SameClipsAsSequential()
    {
        var loader = new ClipLoader(CodedSpec with { Size = 32 });
        string[] paths = [TestVideos.IndexCoded(".avi"), TestVideos.IndexCoded(".mp4")];
        var sequential = Enumerable.Range(0, 8).Select(i => loader.Load(paths[i % 2], random: new Random(i))).ToArray();
        var parallel = new float[8][];
        Parallel.For(0, 8, i => parallel[i] = loader.Load(paths[i % 2], random: new Random(i)));
        for (int i = 0; i < 8; i++) CollectionAssert.AreEqual(sequential[i], parallel[i], $"clip {i}");
    }

    [TestMethod]
    public void Load_MissingFile_ThrowsVideoDecodeException()
    {
        string path = Path.Combine(TestVideos.Folder, "missing.avi");
        var e = Assert.ThrowsExactly<VideoDecodeException>(() => new ClipLoader(CodedSpec).Load(path));
        StringAssert.Contains(e.Message, path);
    }

    [TestMethod]
    public void Load_DestinationWrongLength_Throws() =>
        Assert.ThrowsExactly<ArgumentException>(() => new ClipLoader(CodedSpec).Load(TestVideos.IndexCoded(".avi"), new float[10]));

    /// <summary>Decodes which index-coded frame each clip frame shows from bit columns 0-5 of the red plane.</summary>
    private static int[] FrameIndices(float[] clip, ClipSpec spec)
    {
        int plane = spec.Size * spec.Size;
        return [.. Enumerable.Range(0, spec.Frames).Select(t =>
            Enumerable.Range(0, 6).Sum(bit => clip[t * 3 * plane + (spec.Size / 2) * spec.Size + bit * 8 + 4] > 0 ? 1 << bit : 0))];
    }

    private static string EdgeVideo()
    {
        string path = Path.Combine(TestVideos.Folder, "edge.avi");
        if (!File.Exists(path))
        {
            TestVideos.Write(path, 4, 16, 16, _ =>
            {
                var frame = TestVideos.Solid(16, 16, Scalar.Black);
                frame[new Rect(0, 0, 8, 16)].SetTo(Scalar.White);
                return frame;
            });
        }
        return path;
    }
}
