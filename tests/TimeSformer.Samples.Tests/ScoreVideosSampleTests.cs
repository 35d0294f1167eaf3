using Microsoft.ML;
using TimeSformer.MLNet;
using TimeSformer.MLNet.Evaluation;
using TimeSformer.Samples.Tests.Fixtures;
using TimeSformer.Video.Datasets;

namespace TimeSformer.Samples.Tests;

/// <summary><c>samples/ScoreVideos</c> (the README's ML.NET scenario) on the shipped model and sample clips; its numbers
/// are computed again here through <see cref="VideoEvaluator"/> and a pipeline of the test's own.</summary>
[TestClass]
public sealed class ScoreVideosSampleTests
{
    private const string Model = "onnx/timesformer-synthetic.onnx";
    private const string Manifest = "data/samples/manifest.csv";
    private const string Video = "data/samples/grow.avi";

    private static string folder = "";
    private static string zip = "";
    private static SampleOutput output = null!;

    [ClassInitialize]
    public static void RunSample(TestContext _)
    {
        folder = SampleRunner.NewTempFolder("score");
        zip = Path.Combine(folder, "video-model.zip");
        output = SampleRunner.Run("ScoreVideos", TimeSpan.FromMinutes(2), Model, Manifest, Video, zip);
    }

    [ClassCleanup]
    public static void Delete() => Directory.Delete(folder, recursive: true);

    private static string InRepository(string path) => Path.Combine(SampleRunner.RepositoryRoot, path);

    [TestMethod]
    public void FittedModel_SampleClips_AccuracyAndLogLossOfVideoEvaluator()
    {
        var samples = VideoDataset.FromCsv(InRepository(Manifest)).Samples.Select(s => (s.Location, s.Label));
        var expected = VideoEvaluator.Evaluate(new MLContext(seed: 0), InRepository(Model), samples).Metrics;
        var printed = output.Match(@"Fitted model: accuracy (\S+), log-loss (\S+)");
        Assert.AreEqual(expected.MicroAccuracy, SampleOutput.Parse(printed[0]), 5e-5);
        Assert.AreEqual(expected.LogLoss, SampleOutput.Parse(printed[1]), 5e-5);
        Assert.AreEqual(1.0, expected.MicroAccuracy, "the shipped model gets every sample clip right (data/README.md)");
    }

    [TestMethod]
    public void LoadedModel_EvaluateVideos_SameMetricsAsFittedModel()
    {
        var fitted = output.Match(@"Fitted model: accuracy (\S+), log-loss (\S+)");
        var loaded = output.Match(@"Loaded model: accuracy (\S+), log-loss (\S+)");
        CollectionAssert.AreEqual(fitted, loaded);
    }

    [TestMethod]
    public void SavedZip_LoadedHere_ScoresWithTheShippedModelsLabels()
    {
        Assert.AreEqual($"Saved: {zip}", output.Lines.Single(l => l.StartsWith("Saved: ", StringComparison.Ordinal)));
        var loaded = new MLContext().Model.Load(zip, out var schema);
        var expected = new MLContext().Transforms.ScoreVideos(InRepository(Model)).Metadata.Labels;
        CollectionAssert.AreEqual(expected.ToArray(), VideoModelReader.ReadLabels(loaded, schema).ToArray());
    }

    [TestMethod]
    public void PredictionEngine_GrowClip_PredictsGrowWithTopThreeOfTheTestsOwnScores()
    {
        Assert.AreEqual("grow", output.Match(@"Predicted: (\S+) -> (\S+)")[1]);
        var expected = LibraryScoring.TopK(InRepository(Model), InRepository(Video), 3);
        output.AssertTopK(expected);
        Assert.AreEqual("grow", expected[0].Label);
    }
}
