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
    public void Train_CachedDraws_SameRunAsDecodingEveryEpoch()
    {
        var dataset = Dataset();
        var metadata = new VideoModelMetadata { Clip = Spec, Labels = dataset.Labels };
        var options = new TrainingOptions { Epochs = 3, BatchSize = 2, Threads = 1, AugmentationVariants = 2 };
        double[] Losses(bool cache)
        {
            string output = Directory.CreateTempSubdirectory("clipsource-draws-").FullName;
            try
            {
                manual_seed(0);
                using var model = new TimeSformerModel(TimeSformerOptions.Tiny(2));
                var result = new Trainer(options).Train(model, metadata, new VideoClipSource(dataset.Train, Spec, cache), null, output);
                return [.. result.History.Select(e => e.TrainLoss)];
            }
            finally
            {
                Directory.Delete(output, recursive: true);
            }
        }

        CollectionAssert.AreEqual(Losses(cache: false), Losses(cache: true));
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
