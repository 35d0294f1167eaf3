using System.Text.Json;
using TimeSformer.Cli.Tests.Fixtures;

namespace TimeSformer.Cli.Tests;

/// <summary>The model in <c>onnx/</c> and the sample clips in <c>data/samples/</c> of the repository.</summary>
[TestClass]
public sealed class ShippedModelTests
{
    private static readonly string[] MotionClasses =
        ["grow", "move_down", "move_left", "move_right", "move_up", "rotate_ccw", "rotate_cw", "shrink"];

    internal static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "TimeSformer.MLNet.sln")))
                    return dir.FullName;
            throw new InvalidOperationException($"No TimeSformer.MLNet.sln above {AppContext.BaseDirectory}.");
        }
    }

    private static string[] Samples => MotionClasses.Select(c => Path.Combine(RepositoryRoot, "data", "samples", c + ".avi")).ToArray();

    [TestMethod]
    public void Info_ShippedModel_HasLabelsClipSpecAndConfig()
    {
        var result = CliRunner.Run("info", Path.Combine(RepositoryRoot, "onnx", "timesformer-synthetic.onnx"), "--json");
        CliAssert.Succeeded(result);
        using var json = JsonDocument.Parse(result.StdOut);
        var root = json.RootElement;
        CollectionAssert.AreEqual(MotionClasses, root.GetProperty("labels").EnumerateArray().Select(e => e.GetString()).ToArray());
        Assert.AreEqual("timesformer", root.GetProperty("architecture").GetString());
        Assert.AreEqual(8, root.GetProperty("clip").GetProperty("frames").GetInt32());
        Assert.AreEqual(32, root.GetProperty("clip").GetProperty("size").GetInt32());
        Assert.AreEqual("divided_space_time", root.GetProperty("config").GetProperty("attention_type").GetString());
        Assert.AreEqual(17, root.GetProperty("opset").GetInt64());
        Assert.IsTrue(root.GetProperty("parameters").GetInt64() > 100_000);
    }

    [TestMethod]
    public void Predict_SamplesWithoutModelOption_ShippedModelNamesEachClass()
    {
        var result = CliRunner.Run(["predict", .. Samples, "--json"]);
        CliAssert.Succeeded(result);
        using var json = JsonDocument.Parse(result.StdOut);
        var predicted = json.RootElement.EnumerateArray().Select(e => e.GetProperty("label").GetString()).ToArray();
        CollectionAssert.AreEqual(MotionClasses, predicted);
    }

    [TestMethod]
    public void Evaluate_SampleManifest_AllCorrectAndReportWritten()
    {
        string output = Path.Combine(Path.GetTempPath(), $"samples-{Guid.NewGuid():N}");
        try
        {
            var result = CliRunner.Run("evaluate", "--model", Path.Combine(RepositoryRoot, "onnx", "timesformer-synthetic.onnx"),
                "--data", Path.Combine(RepositoryRoot, "data", "samples", "manifest.csv"), "--split", "all", "--output", output, "--json");
            CliAssert.Succeeded(result);
            using var json = JsonDocument.Parse(result.StdOut);
            Assert.AreEqual(1.0, json.RootElement.GetProperty("micro_accuracy").GetDouble(), 1e-9);
            Assert.IsTrue(File.Exists(Path.Combine(output, "report.html")));
            Assert.IsTrue(File.Exists(Path.Combine(output, "predictions.csv")));
        }
        finally
        {
            if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
        }
    }
}
