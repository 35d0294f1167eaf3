using System.Text.Json;
using TimeSformer.Cli.Tests.Fixtures;

namespace TimeSformer.Cli.Tests;

[TestClass]
public sealed class EvaluateCommandTests
{
    [TestMethod]
    public void Evaluate_Json_PrintsMlContextMetricsAndWritesReport()
    {
        string output = CliFixture.NewFolder("evaluate");
        var result = CliRunner.Run("evaluate", "--model", CliFixture.Model, "--data", CliFixture.Manifest, "--split", "test",
            "--output", output, "--json", "--top-k", "2");
        CliAssert.Succeeded(result);
        using var json = JsonDocument.Parse(result.StdOut);
        var root = json.RootElement;
        Assert.AreEqual(4, root.GetProperty("videos").GetInt32());
        Assert.AreEqual(4, root.GetProperty("scored").GetInt32());
        Assert.AreEqual(2, root.GetProperty("top_k").GetInt32());
        double micro = root.GetProperty("micro_accuracy").GetDouble();
        Assert.IsTrue(micro is >= 0 and <= 1, $"micro_accuracy {micro}");
        Assert.IsTrue(root.GetProperty("top_k_accuracy").GetDouble() >= micro);
        Assert.IsTrue(root.GetProperty("log_loss").GetDouble() > 0);
        _ = root.GetProperty("macro_accuracy").GetDouble();
        _ = root.GetProperty("log_loss_reduction").GetDouble();
        Assert.AreEqual(4, root.GetProperty("per_class_log_loss").EnumerateObject().Count());
        var counts = root.GetProperty("confusion_matrix").GetProperty("counts").EnumerateArray()
            .Select(row => row.EnumerateArray().Select(c => c.GetInt64()).ToArray()).ToArray();
        Assert.AreEqual(4, counts.Length);
        Assert.AreEqual(4, counts.Sum(row => row.Sum()), "Every test video is counted once.");
        Assert.AreEqual(micro, counts.Select((row, i) => row[i]).Sum() / 4.0, 1e-9, "Accuracy agrees with the matrix diagonal.");
        Assert.IsTrue(File.Exists(Path.Combine(output, "report.html")));
        Assert.IsTrue(File.Exists(Path.Combine(output, "report.md")));
        Assert.AreEqual(5, File.ReadAllLines(Path.Combine(output, "predictions.csv")).Length, "Header and one row per video.");
    }

    [TestMethod]
    public void Evaluate_Text_PrintsHeadlineNumbersWithoutEscapes()
    {
        var result = CliRunner.Run("evaluate", "--model", CliFixture.Model, "--data", CliFixture.DataFolder, "--output", CliFixture.NewFolder("evaluate"));
        CliAssert.Succeeded(result);
        CliAssert.Plain(result.StdOut);
        StringAssert.Contains(result.StdOut, "Evaluating 16 videos (all samples).");
        StringAssert.Contains(result.StdOut, "Micro accuracy:");
        StringAssert.Contains(result.StdOut, "report.html");
    }

    [TestMethod]
    public void Evaluate_CorruptVideo_IsReportedAndLeftOut()
    {
        string manifest = Path.Combine(CliFixture.NewFolder("evaluate"), "with-bad.csv");
        var good = File.ReadAllLines(CliFixture.Manifest).Skip(1).Take(3).Select(l => l.Split(','))
            .Select(r => $"{Path.Combine(CliFixture.DataFolder, r[0])},{r[1]}");
        File.WriteAllLines(manifest, [.. good, $"{CliFixture.CorruptVideo()},move_left"]);
        var result = CliRunner.Run("evaluate", "--model", CliFixture.Model, "--data", manifest, "--json", "--output", CliFixture.NewFolder("evaluate"));
        CliAssert.Succeeded(result);
        using var json = JsonDocument.Parse(result.StdOut);
        Assert.AreEqual(3, json.RootElement.GetProperty("scored").GetInt32());
        var bad = json.RootElement.GetProperty("bad_videos").EnumerateArray().Single();
        StringAssert.EndsWith(bad.GetProperty("path").GetString(), "truncated.avi");
        StringAssert.Contains(result.StdErr, "warning: skipped");
    }

    [TestMethod]
    public void Evaluate_StartEndColumns_ScoresSegmentsAndSkipsOneOutsideTheVideo()
    {
        // The fixture's clips last 0.32-0.48 s at 25 fps; the third row asks for seconds 50-60.
        string manifest = Path.Combine(CliFixture.NewFolder("evaluate"), "segments.csv");
        var rows = File.ReadAllLines(CliFixture.Manifest).Skip(1).Take(3).Select(l => l.Split(','))
            .Select((r, i) => $"{Path.Combine(CliFixture.DataFolder, r[0])},{r[1]},{(i < 2 ? "0,0.3" : "50,60")}");
        File.WriteAllLines(manifest, ["path,label,start,end", .. rows]);
        string output = CliFixture.NewFolder("evaluate");
        var result = CliRunner.Run("evaluate", "--model", CliFixture.Model, "--data", manifest, "--split", "all", "--json", "--output", output);
        CliAssert.Succeeded(result);
        using var json = JsonDocument.Parse(result.StdOut);
        Assert.AreEqual(2, json.RootElement.GetProperty("scored").GetInt32());
        var bad = json.RootElement.GetProperty("bad_videos").EnumerateArray().Single();
        StringAssert.EndsWith(bad.GetProperty("path").GetString(), "#t=50,60");
        StringAssert.Contains(bad.GetProperty("error").GetString(), "the segment 50-60 s lies outside the video");
        StringAssert.Contains(File.ReadAllLines(Path.Combine(output, "predictions.csv"))[1], "#t=0,0.3\",move_left,"); // quoted: the fragment has a comma
    }

    [TestMethod]
    public void Evaluate_ModelWithoutOurMetadata_ExitsOneWithOneLine()
    {
        string model = CliFixture.ForeignModel();
        var result = CliRunner.Run("evaluate", "--model", model, "--data", CliFixture.Manifest, "--output", CliFixture.NewFolder("evaluate"));
        CliAssert.FailedWithOneLine(result, model, "'labels'");
    }

    [TestMethod]
    public void Evaluate_MissingModel_ExitsOneWithOneLine()
    {
        var result = CliRunner.Run("evaluate", "--model", "/no/such/model.onnx", "--data", CliFixture.Manifest);
        CliAssert.FailedWithOneLine(result, "Model file '/no/such/model.onnx' does not exist.");
    }

    [TestMethod]
    public void Evaluate_NoData_ExitsWithUsageCode()
    {
        var result = CliRunner.Run("evaluate", "--model", CliFixture.Model);
        CliAssert.UsageError(result, "--data");
    }
}
