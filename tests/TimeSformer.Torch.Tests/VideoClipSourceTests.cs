using TimeSformer.Contract;
using TimeSformer.Torch.Evaluation;
using TimeSformer.Torch.Model;
using TimeSformer.Torch.Training;
using TimeSformer.Video;
using TimeSformer.Video.Synthetic;
using static TorchSharp.torch;

namespace TimeSformer.Torch.Tests;

[TestClass]
public sealed class VideoClipSourceTests
{
    private static readonly ClipSpec Spec = new() { Frames = 4, Size = 32, ShortSide = 32 };
    private static string root = "";

    [ClassInitialize]
    public static void Generate(TestContext _)
    {
        root = Directory.CreateTempSubdirectory("clipsource-").FullName;
        SyntheticMotionDataset.Generate(root, new SyntheticMotionOptions
        {
            Classes = [MotionClass.MoveLeft, MotionClass.MoveRight], ClipsPerClass = 4, Groups = 2, TestFraction = 0.5,
            Width = 40, Height = 32, MinFrames = 8, MaxFrames = 10,
        });
    }

    [ClassCleanup]
    public static void Delete() => Directory.Delete(root, recursive: true);

    private static Video.Datasets.VideoDataset Dataset() => Video.Datasets.VideoDataset.FromCsv(Path.Combine(root, SyntheticMotionDataset.ManifestFileName));

    [TestMethod]
    public void Load_SameSeed_SameClipAndEvaluationClipIsFixed()
    {
        var source = new VideoClipSource(Dataset().Train, Spec);

        CollectionAssert.AreEqual(source.Load(0, 5), source.Load(0, 5));
        CollectionAssert.AreEqual(source.Load(0, null), source.Load(0, null));
        Assert.AreEqual(Spec.ValueCount, source.Load(1, null).Length);
        CollectionAssert.AreEqual(new long[] { 4, 3, 32, 32 }, source.ClipShape.ToArray());
    }

    [TestMethod]
    public void Load_Cached_ReturnsTheSameArray()
    {
        var source = new VideoClipSource(Dataset().Train, Spec, cacheClips: true);

        Assert.AreSame(source.Load(0, null), source.Load(0, null));
        Assert.AreSame(source.Load(0, 3), source.Load(0, 3));
    }

    [TestMethod]
    public void LoadDraws_Cached_DecodesOnceAndKeepsEveryDraw()
    {
        string copy = Path.Combine(root, "draws-copy.avi");
        File.Copy(Dataset().Train.Samples[0].Location, copy, overwrite: true);
        var plain = new VideoClipSource([(copy, 0)], ["a"], Spec);
        var cached = new VideoClipSource([(copy, 0)], ["a"], Spec, cacheClips: true);
        Assert.IsTrue(cached.KeepsClips);
        Assert.IsFalse(plain.KeepsClips, "a source that keeps nothing is asked for one draw at a time");

        var draws = cached.LoadDraws(0, [7, 8, 9]);
        File.Delete(copy);

        for (int d = 0; d < 3; d++) Assert.AreSame(draws[d], cached.Load(0, 7 + d), $"seed {7 + d} is kept");
        Assert.AreSame(draws[1], cached.LoadDraws(0, [8])[0]);
        Assert.ThrowsExactly<VideoDecodeException>(() => cached.LoadDraws(0, [7, 10]), "seed 10 is not kept and needs the file");
        File.Copy(Dataset().Train.Samples[0].Location, copy);
        CollectionAssert.AreEqual(plain.Load(0, 8), draws[1]);
    }

    [TestMethod]
    public void Load_FrameCache_SameClipsAsDecodingAndDecodesEachVideoOnce()
    {
        string copy = Path.Combine(root, "frames-copy.avi");
        File.Copy(Dataset().Train.Samples[0].Location, copy, overwrite: true);
        var plain = new VideoClipSource([(copy, 0)], ["a"], Spec);
        var kept = new VideoClipSource([(copy, 0)], ["a"], Spec, frameCacheBytes: 1L << 20);
        float[][] expected = [plain.Load(0, 5), plain.Load(0, 6), plain.Load(0, null)];

        CollectionAssert.AreEqual(expected[0], kept.Load(0, 5));
        int frames;
        using (var reader = new VideoReader(copy)) frames = reader.FrameCount;
        Assert.AreEqual((long)frames * 40 * 32 * 3, kept.KeptFrameBytes, "every 40x32 frame, once");
        Assert.AreEqual(1, kept.KeptVideos);
        Assert.IsFalse(kept.KeepsClips, "frames are kept, not clips");
        File.Delete(copy);

        CollectionAssert.AreEqual(expected[1], kept.Load(0, 6));
        CollectionAssert.AreEqual(expected[2], kept.Load(0, null));
        CollectionAssert.AreEqual(expected[1], kept.LoadDraws(0, [6])[0]);
    }

    [TestMethod]
    public void Load_FrameCacheSpent_DecodesThatVideoAndLaterOnesEveryLoad()
    {
        string[] copies = [.. Enumerable.Range(0, 3).Select(i => Path.Combine(root, $"frames-budget-{i}.avi"))];
        foreach (string copy in copies) File.Copy(Dataset().Train.Samples[0].Location, copy, overwrite: true);
        // The third is the first 0.2 s only: small enough to fit beside the first, but asked for after the second spent the budget.
        string[] paths = [copies[0], copies[1], copies[2] + "#t=0,0.2"];
        long Bytes(string path)
        {
            var probe = new VideoClipSource([(path, 0)], ["a"], Spec, frameCacheBytes: 1L << 20);
            probe.Load(0, 1);
            return probe.KeptFrameBytes;
        }
        long budget = Bytes(paths[0]) + Bytes(paths[2]);
        var source = new VideoClipSource([.. paths.Select(p => (p, 0))], ["a"], Spec, frameCacheBytes: budget);
        var first = source.Load(0, 5);
        source.Load(1, 5);
        var third = source.Load(2, 5);
        Assert.AreEqual(1, source.KeptVideos, "the second video does not fit, and the third is not read whole after it");
        Assert.AreEqual(budget - Bytes(paths[2]), source.KeptFrameBytes);
        foreach (string copy in copies) File.Delete(copy);

        CollectionAssert.AreEqual(first, source.Load(0, 5), "the kept video needs no file");
        Assert.ThrowsExactly<VideoDecodeException>(() => source.Load(1, 5), "a video past the budget is decoded again");
        Assert.ThrowsExactly<VideoDecodeException>(() => source.Load(2, 5), "so is every video first read after it");
        Assert.HasCount(Spec.ValueCount, third);
        Assert.ThrowsExactly<ArgumentException>(() => new VideoClipSource([(copies[0], 0)], ["a"], Spec, cacheClips: true, frameCacheBytes: 1));
    }

    [TestMethod]
    public void KeepFrames_ReadsEveryVideoBeforeTheFirstLoad_ThenNeedsNoFile()
    {
        string[] copies = [.. Dataset().Train.Samples.Select((s, i) => Path.Combine(root, $"keep-{i}.avi"))];
        for (int i = 0; i < copies.Length; i++) File.Copy(Dataset().Train.Samples[i].Location, copies[i], overwrite: true);
        var plain = new VideoClipSource([.. copies.Select(c => (c, 0))], ["a"], Spec);
        var kept = new VideoClipSource([.. copies.Select(c => (c, 0))], ["a"], Spec, frameCacheBytes: 1L << 20);
        var heard = new List<int>();

        Assert.IsTrue(kept.KeepsFrames);
        Assert.AreEqual(copies.Length, kept.KeepFrames(progress: new SynchronousProgress(n => { lock (heard) heard.Add(n); })));
        float[][] expected = [.. Enumerable.Range(0, copies.Length).Select(i => plain.Load(i, 3))];
        foreach (string copy in copies) File.Delete(copy);

        CollectionAssert.AreEquivalent(Enumerable.Range(1, copies.Length).ToArray(), heard.ToArray(), "one report a video");
        for (int i = 0; i < copies.Length; i++) CollectionAssert.AreEqual(expected[i], kept.Load(i, 3), $"video {i} from memory");
        Assert.IsFalse(plain.KeepsFrames);
        Assert.ThrowsExactly<InvalidOperationException>(() => plain.KeepFrames());
    }

    [TestMethod]
    public void KeepFrames_BadVideo_ThrowsItsDecodeError()
    {
        string text = Path.Combine(root, "keep-notes.avi");
        File.WriteAllText(text, "not a video");
        var source = new VideoClipSource([(Dataset().Train.Samples[0].Location, 0), (text, 0)], ["a"], Spec, frameCacheBytes: 1L << 20);
        var e = Assert.ThrowsExactly<VideoDecodeException>(() => source.KeepFrames(workers: 1));
        StringAssert.Contains(e.Message, text);
    }

    // Progress<T> posts to the thread pool; the test needs each report before KeepFrames returns.
    private sealed class SynchronousProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }

    [TestMethod]
    [DataRow(2)]
    [DataRow(0)]
    public void Train_KeptDrawsOrFrames_SameRunAsDecodingEveryEpoch(int variants)
    {
        // With fixed draws (variants) the source keeps clips; with a fresh draw every epoch it keeps each video's frames.
        var dataset = Dataset();
        var metadata = new VideoModelMetadata { Clip = Spec, Labels = dataset.Labels };
        var options = new TrainingOptions { Epochs = 3, BatchSize = 2, Threads = 1, AugmentationVariants = variants };
        double[] Losses(bool keep)
        {
            string output = Directory.CreateTempSubdirectory("clipsource-draws-").FullName;
            try
            {
                manual_seed(0);
                using var model = new TimeSformerModel(TimeSformerOptions.Tiny(2));
                var source = new VideoClipSource(dataset.Train, Spec, cacheClips: keep && variants > 0,
                    frameCacheBytes: keep && variants == 0 ? 1L << 24 : 0);
                var result = new Trainer(options).Train(model, metadata, source, null, output);
                return [.. result.History.Select(e => e.TrainLoss)];
            }
            finally
            {
                Directory.Delete(output, recursive: true);
            }
        }

        CollectionAssert.AreEqual(Losses(keep: false), Losses(keep: true));
    }

    [TestMethod]
    public void Train_SyntheticVideos_RunsThroughClipLoader()
    {
        var dataset = Dataset();
        string output = Directory.CreateTempSubdirectory("clipsource-train-").FullName;
        try
        {
            manual_seed(0);
            using var model = new TimeSformerModel(TimeSformerOptions.Tiny(2));
            var metadata = new VideoModelMetadata { Clip = Spec, Labels = dataset.Labels };
            var result = new Trainer(new TrainingOptions { Epochs = 1, BatchSize = 4, Threads = 1, DataWorkers = 2 })
                .Train(model, metadata, new VideoClipSource(dataset.Train, Spec), new VideoClipSource(dataset.Test, Spec), output);

            Assert.HasCount(1, result.History);
            Assert.IsNotNull(result.History[0].ValidationAccuracy);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [TestMethod]
    public void Evaluate_MissingVideo_ThrowsVideoDecodeExceptionNamingIt()
    {
        string missing = Path.Combine(root, "nope.avi");
        var source = new VideoClipSource([(missing, 0)], ["a"], Spec);
        using var model = new TimeSformerModel(TimeSformerOptions.Tiny(1));

        var e = Assert.ThrowsExactly<VideoDecodeException>(() => ClipEvaluator.Evaluate(model, source));
        Assert.AreEqual(missing, e.Path);
    }
}
