using TimeSformer.Cli.Tests.Fixtures;

namespace TimeSformer.Cli.Tests;

/// <summary><c>export</c> and <c>import</c> on the official reference checkpoint and on our own.</summary>
[TestClass]
public sealed class CheckpointCommandTests
{
    [TestMethod]
    public void Export_OfficialCheckpointWithConfig_WritesModelWithMetadata()
    {
        string folder = CliFixture.NewFolder("export");
        string labels = Path.Combine(folder, "labels.txt");
        File.WriteAllLines(labels, ["a", "b", "c", "d", "e"]);
        string output = Path.Combine(folder, "reference.onnx");
        var result = CliRunner.Run("export", "--checkpoint", CliFixture.Reference(".pyth"), "--config", CliFixture.Reference(".json"),
            "--output", output, "--labels", labels);
        CliAssert.Succeeded(result);
        StringAssert.Contains(result.StdOut, "timesformer, 4x32 px clips, 5 classes");
        var info = CliRunner.Run("info", output);
        CliAssert.Succeeded(info);
        StringAssert.Contains(info.StdOut, "Labels (5): a, b, c, d, e");
    }

    [TestMethod]
    public void Export_OurTrainingCheckpoint_NeedsNoConfig()
    {
        string output = Path.Combine(CliFixture.NewFolder("export"), "best.onnx");
        var result = CliRunner.Run("export", "--checkpoint", Path.Combine(CliFixture.TrainFolder, "best.safetensors"), "--output", output);
        CliAssert.Succeeded(result);
        StringAssert.Contains(result.StdOut, "4 classes");
        Assert.IsTrue(new FileInfo(output).Length > 10_000);
    }

    [TestMethod]
    public void Export_HuggingFaceCheckpointWithoutConfig_ExitsOneAskingForConfig()
    {
        var result = CliRunner.Run("export", "--checkpoint", CliFixture.Reference(".safetensors"), "--output", Path.Combine(CliFixture.NewFolder("export"), "x.onnx"));
        CliAssert.FailedWithOneLine(result, "carries no configuration", "--config");
    }

    [TestMethod]
    public void Export_WrongLabelCount_ExitsOneWithOneLine()
    {
        string folder = CliFixture.NewFolder("export");
        string labels = Path.Combine(folder, "labels.txt");
        File.WriteAllLines(labels, ["only", "two"]);
        var result = CliRunner.Run("export", "--checkpoint", CliFixture.Reference(".pyth"), "--config", CliFixture.Reference(".json"),
            "--output", Path.Combine(folder, "x.onnx"), "--labels", labels);
        Assert.AreEqual(1, result.ExitCode, result.StdErr);
        Assert.AreEqual(1, result.StdErr.Trim().Split('\n').Length, result.StdErr);
        Assert.IsFalse(File.Exists(Path.Combine(folder, "x.onnx")), "Nothing is written on failure.");
    }

    [TestMethod]
    public void Export_MissingCheckpoint_ExitsOneWithOneLine()
    {
        var result = CliRunner.Run("export", "--checkpoint", "/no/such.pyth", "--output", "/tmp/x.onnx");
        CliAssert.FailedWithOneLine(result, "Checkpoint file '/no/such.pyth' does not exist.");
    }

    [TestMethod]
    public void Export_NoOutput_ExitsWithUsageCode()
    {
        var result = CliRunner.Run("export", "--checkpoint", CliFixture.Reference(".pyth"));
        CliAssert.UsageError(result, "--output");
    }

    [TestMethod]
    public void Import_OfficialCheckpoint_WritesOursThatExportsWithoutConfig()
    {
        string folder = CliFixture.NewFolder("import");
        string ours = Path.Combine(folder, "reference.safetensors");
        var result = CliRunner.Run("import", "--checkpoint", CliFixture.Reference(".pyth"), "--config", CliFixture.Reference(".json"), "--output", ours);
        CliAssert.Succeeded(result);
        StringAssert.Contains(result.StdOut, "TimeSformer 4x32 px");
        StringAssert.Contains(result.StdOut, "5 classes");
        var export = CliRunner.Run("export", "--checkpoint", ours, "--output", Path.Combine(folder, "reference.onnx"));
        CliAssert.Succeeded(export);
        StringAssert.Contains(export.StdOut, "5 classes");
    }

    [TestMethod]
    public void Import_BadConfig_ExitsOneNamingTheFile()
    {
        string config = Path.Combine(CliFixture.NewFolder("import"), "config.json");
        File.WriteAllText(config, "[1, 2]");
        var result = CliRunner.Run("import", "--checkpoint", CliFixture.Reference(".pyth"), "--config", config, "--output", "/tmp/x.safetensors");
        CliAssert.FailedWithOneLine(result, config);
    }
}
