using System.Globalization;
using Microsoft.ML;
using TimeSformer.MLNet;
using TimeSformer.Samples.Tests.Fixtures;
using TimeSformer.Video.Datasets;

namespace TimeSformer.Samples.Tests;

/// <summary><c>samples/EvaluateVideos</c> on the sample clips plus one undecodable file: its metrics must be the
/// ones a plain <c>ScoreVideos</c> + <c>EvaluateVideos</c> pipeline gives on the good clips, and its report complete.</summary>
[TestClass]
public sealed class EvaluateVideosSampleTests
{
    private const string Model = "onnx/timesformer-synthetic.onnx";

    private static string folder = "";
    private static string report = "";
    private static VideoDataset clips = null!;
    private static string broken = "";
    private static SampleOutput output = null!;

    [ClassInitialize]
    public static void RunSample(TestContext _)
    {
        folder = SampleRunner.NewTempFolder("evaluate");
        clips = VideoDataset.FromCsv(Path.Combine(SampleRunner.RepositoryRoot, "data", "samples", "manifest.csv"));
        // A file with a video's name and only the first bytes of one.
        broken = Path.Combine(folder, "broken.avi");
        File.WriteAllBytes(broken, File.ReadAllBytes(clips.Samples[0].Path)[..2000]);
        string manifest = Path.Combine(folder, "manifest.csv");
        File.WriteAllLines(manifest, ["path,label", .. clips.Samples.Select(s => $"{s.Path},{s.Label}"), $"{broken},grow"]);
        report = Path.Combine(folder, "report");
        output = SampleRunner.Run("EvaluateVideos", TimeSpan.FromMinutes(2), Model, manifest, report);
    }

    [ClassCleanup]
    public static void Delete() => Directory.Delete(folder, recursive: true);

    [TestMethod]
    public void Evaluate_UndecodableVideo_CountedAndNamedNotScored()
    {
        CollectionAssert.AreEqual(new[] { "9", "1" }, output.Match(@"Videos: (\d+) \((\d+) could not be decoded\)"));
        StringAssert.StartsWith(output.Match(@"Bad video: (.+)")[0], broken + ":");
    }

    [TestMethod]
    public void Evaluate_GoodVideos_MetricsOfScoreVideosAndEvaluateVideos()
    {
        var ml = new MLContext(seed: 0);
        var rows = ml.Data.LoadFromEnumerable(clips.Samples.Select(s => new LabelledRow { VideoPath = s.Path, Label = s.Label }));
        var scored = ml.Transforms.ScoreVideos(Path.Combine(SampleRunner.RepositoryRoot, Model)).Fit(rows).Transform(rows);
        var expected = ml.MulticlassClassification.EvaluateVideos(scored, topKPredictionCount: 3);

        Assert.AreEqual(expected.MicroAccuracy, output.Number(@"Micro-accuracy: (\S+)"), 5e-5);
        Assert.AreEqual(expected.MacroAccuracy, output.Number(@"Macro-accuracy: (\S+)"), 5e-5);
        Assert.AreEqual(expected.TopKAccuracy, output.Number(@"Top-3 accuracy: (\S+)"), 5e-5);
        Assert.AreEqual(expected.LogLoss, output.Number(@"Log-loss: (\S+)"), 5e-5);
    }

    [TestMethod]
    public void Report_FilesListed_ExistWithMarkdownHtmlCsvAndCharts()
    {
        string[] written = [.. output.Matches(@"Wrote: (.+)").Select(g => g[0])];
        foreach (string file in written) Assert.IsTrue(File.Exists(file), file);
        CollectionAssert.IsSubsetOf(new[] { "report.md", "report.html", "predictions.csv" }.Select(f => Path.Combine(report, f)).ToArray(), written);
        Assert.IsTrue(written.Any(f => f.EndsWith(".png", StringComparison.Ordinal)), "charts");
        string markdown = File.ReadAllText(Path.Combine(report, "report.md"));
        StringAssert.Contains(markdown, broken, "the report lists the undecodable video");
    }

    [TestMethod]
    public void PredictionsCsv_EveryGoodVideo_ProbabilitiesSumToOneAndArgMaxIsPredicted()
    {
        string[][] rows = [.. File.ReadAllLines(Path.Combine(report, "predictions.csv")).Select(l => l.Split(','))];
        string[] classes = [.. rows[0][3..^2].Select(c => c["p_".Length..])];   // path,label,predicted,p_<class>...,error,warning
        Assert.HasCount(10, rows, "header and 9 videos");
        foreach (var row in rows[1..^1])
        {
            double[] p = [.. row[3..^2].Select(v => double.Parse(v, CultureInfo.InvariantCulture))];
            Assert.AreEqual(1.0, p.Sum(), 1e-5, row[0]);
            Assert.AreEqual(classes[Array.IndexOf(p, p.Max())], row[2], row[0]);
        }
        Assert.AreEqual(broken, rows[^1][0]);
        Assert.AreEqual("", rows[^1][2], "a bad video has no prediction");
    }

    private sealed class LabelledRow
    {
        public string VideoPath { get; set; } = "";

        public string Label { get; set; } = "";
    }
}
