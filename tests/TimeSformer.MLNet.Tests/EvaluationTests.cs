using System.Text.RegularExpressions;
using Microsoft.ML;
using SkiaSharp;
using TimeSformer.MLNet.Evaluation;
using TimeSformer.MLNet.Tests.Fixtures;

namespace TimeSformer.MLNet.Tests;

[TestClass]
public sealed class EvaluationTests
{
    // The green video is called "blue": 3 of 4 right, and it is the worst-classified video.
    private static readonly (string, string)[] Mislabelled =
        [(TestData.Red, "red"), (TestData.Green, "blue"), (TestData.Blue, "blue"), (TestData.Red, "red")];

    private static VideoEvaluationResult Evaluate(IEnumerable<(string, string)> videos, VideoEvaluationOptions? options = null) =>
        VideoEvaluator.Evaluate(new MLContext(seed: 1), TestData.ModelPath, videos, options);

    [TestMethod]
    public void Evaluate_OneMislabelledOfFour_MetricsAndWorstVideoAsComputedByHand()
    {
        var result = Evaluate(Mislabelled, new VideoEvaluationOptions { TopK = 2, WorstCount = 2 });

        Assert.AreEqual(0.75, result.Metrics.MicroAccuracy, 1e-9);
        Assert.AreEqual(0.75, result.Metrics.MacroAccuracy, 1e-9, "red 2/2, blue 1/2: (1 + 0.5) / 2");
        double logLoss = result.Videos.Average(v => -Math.Log(v.Probabilities[Array.IndexOf(TestData.Labels, v.Label)]));
        Assert.AreEqual(logLoss, result.Metrics.LogLoss, 1e-5);
        Assert.AreEqual(2, result.TopK);
        CollectionAssert.AreEqual(new[] { "red", "green", "blue", "red" }, result.Videos.Select(v => v.PredictedClass).ToArray());
        Assert.AreEqual(TestData.Green, result.Worst[0].Path);
        Assert.AreEqual(2, result.Worst.Count);
        CollectionAssert.AreEqual(new[] { 2, 0, 2 }, result.ClassCounts.ToArray());
        Assert.AreEqual(0, result.BadVideos.Count);
    }

    [TestMethod]
    public void Evaluate_UnknownLabel_ThrowsNamingLabelAndModel()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => Evaluate([(TestData.Red, "red"), (TestData.Blue, "navy")]));
        StringAssert.Contains(e.Message, "'navy'");
        StringAssert.Contains(e.Message, TestData.ModelPath);
    }

    [TestMethod]
    public void Evaluate_SkipBadVideos_ExcludedFromMetricsAndListed()
    {
        var options = new VideoEvaluationOptions { Scoring = new VideoScoringOptions { BadVideos = BadVideoHandling.Skip } };
        var result = Evaluate([(TestData.Red, "red"), (TestData.NotAVideo, "green"), (TestData.Blue, "blue")], options);

        Assert.AreEqual(1.0, result.Metrics.MicroAccuracy, 1e-9);
        Assert.AreEqual(3, result.Videos.Count);
        Assert.AreEqual(TestData.NotAVideo, result.BadVideos.Single().Path);
        StringAssert.Contains(result.BadVideos.Single().Error, TestData.NotAVideo);
    }

    [TestMethod]
    public void Evaluate_BadVideoByDefault_ThrowsWithPath()
    {
        StringAssert.Contains(Errors.MessagesOf(() => Evaluate([(TestData.Red, "red"), (TestData.Missing, "red")])), TestData.Missing);
    }

    [TestMethod]
    public void Evaluate_Progress_ReportsEveryVideo()
    {
        var reported = new List<int>();
        Evaluate(Mislabelled, new VideoEvaluationOptions { Progress = new SynchronousProgress(reported.Add) });
        CollectionAssert.AreEqual(new[] { 1, 2, 3, 4 }, reported);
    }

    [TestMethod]
    public void Write_Evaluation_ReportsHoldNumbersImagesAndRows()
    {
        var options = new VideoEvaluationOptions { TopK = 2, Scoring = new VideoScoringOptions { BadVideos = BadVideoHandling.Skip } };
        var result = Evaluate([.. Mislabelled, (TestData.NotAVideo, "green")], options);
        string folder = TestData.TempPath("report");
        var report = EvaluationReportWriter.Write(result, folder);

        string md = File.ReadAllText(report.MarkdownPath);
        StringAssert.Matches(md, new Regex(@"5 videos: 4 scored, 1 could not be decoded \(excluded from the metrics\), "
            + @"0 scored with a warning \(counted in the metrics\)\. Scored in \d+\.\d s \(\d+\.\d\d videos/s\)\."));
        StringAssert.DoesNotMatch(md, new Regex(@"\{[A-Za-z]"), "every interpolation hole is filled");
        StringAssert.Contains(md, "| Micro accuracy | 0.7500 |");
        StringAssert.Contains(md, "| Macro accuracy | 0.7500 |");
        StringAssert.Contains(md, $"| Log-loss | {result.Metrics.LogLoss:0.0000} |");
        StringAssert.Contains(md, "| Top-2 accuracy | 1.0000 |");
        StringAssert.Contains(md, "| blue | 0 | 1 | 1 |", "confusion row of blue: one predicted green, one blue");
        StringAssert.Contains(md, "![Confusion matrix](confusion_matrix.png)");
        StringAssert.Contains(md, TestData.NotAVideo);

        string html = File.ReadAllText(report.HtmlPath);
        int embedded = html.Split("<img src=\"data:image/png;base64,").Length - 1;
        Assert.AreEqual(2 + result.Worst.Count, embedded, "two charts and one frame strip per worst video");
        StringAssert.Contains(html, "<td>0.7500</td>");
        StringAssert.Contains(html, System.Net.WebUtility.HtmlEncode(TestData.NotAVideo));

        string[] csv = File.ReadAllLines(report.PredictionsCsvPath);
        Assert.AreEqual("path,label,predicted,p_red,p_green,p_blue,error,warning", csv[0]);
        Assert.AreEqual(6, csv.Length);
        var green = csv[2].Split(',');
        Assert.AreEqual((TestData.Green, "blue", "green"), (green[0], green[1], green[2]));
        Assert.AreEqual(result.Videos[1].Probabilities[1], float.Parse(green[4], System.Globalization.CultureInfo.InvariantCulture));
        StringAssert.StartsWith(csv[5], $"{TestData.NotAVideo},green,,,,,");

        Assert.AreEqual(0, Directory.GetFiles(folder, "*.tmp").Length);
        foreach (var image in report.ImagePaths)
            CollectionAssert.AreEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, File.ReadAllBytes(image)[..4], image);
    }

    [TestMethod]
    public void Write_WorstVideo_FrameStripShowsItsSampledFrames()
    {
        var result = Evaluate(Mislabelled, new VideoEvaluationOptions { WorstCount = 1 });
        var report = EvaluationReportWriter.Write(result, TestData.TempPath("strip"));
        using var strip = SKBitmap.Decode(report.ImagePaths.Single(p => p.EndsWith("worst_01.png")));
        Assert.AreEqual(96, strip.Height, "frames are scaled to 96 px");
        Assert.IsTrue(strip.Width >= TestData.Spec.Frames * 96 && strip.Width < TestData.Spec.Frames * 110, $"{TestData.Spec.Frames} frames side by side, width {strip.Width}");
        var corner = strip.GetPixel(5, 5);
        Assert.IsTrue(corner.Green > 150 && corner.Red < 100 && corner.Blue < 100, $"the green video's corner is {corner}");
    }

    private sealed class SynchronousProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
