using System.Text.Json;
using Google.Protobuf;
using Onnx;
using TimeSformer.Cli.Tests.Fixtures;

namespace TimeSformer.Cli.Tests;

[TestClass]
public sealed class InfoCommandTests
{
    [TestMethod]
    public void Run_NoVerb_ExitsWithUsageCode()
    {
        var result = CliRunner.Run();
        Assert.AreEqual(2, result.ExitCode);
        StringAssert.Contains(result.StdErr, "Required command was not provided");
    }

    [TestMethod]
    public void Info_UnknownOption_ExitsWithUsageCode()
    {
        var result = CliRunner.Run("info", "model.onnx", "--no-such-option");
        Assert.AreEqual(2, result.ExitCode);
        StringAssert.Contains(result.StdErr, "--no-such-option");
    }

    [TestMethod]
    public void Info_MissingFile_ExitsOneWithOneLine()
    {
        var result = CliRunner.Run("info", "/no/such/model.onnx");
        Assert.AreEqual(1, result.ExitCode);
        Assert.AreEqual("error: Model file '/no/such/model.onnx' does not exist.", result.StdErr.Trim());
    }

    [TestMethod]
    public void Info_ModelWithoutOurMetadata_ExitsOneNamingTheEntry()
    {
        string path = Path.Combine(Path.GetTempPath(), $"foreign-{Guid.NewGuid():N}.onnx");
        var model = new ModelProto { IrVersion = 8, Graph = new GraphProto { Name = "foreign" } };
        model.OpsetImport.Add(new OperatorSetIdProto { Version = 17 });
        File.WriteAllBytes(path, model.ToByteArray());
        try
        {
            var result = CliRunner.Run("info", path);
            Assert.AreEqual(1, result.ExitCode);
            var lines = result.StdErr.Trim().Split('\n');
            Assert.AreEqual(1, lines.Length, result.StdErr);
            StringAssert.Contains(lines[0], path);
            StringAssert.Contains(lines[0], "'labels'");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void Info_TrainingCheckpoint_ReportsWhatItsExportCarries()
    {
        var checkpoint = CliRunner.Run("info", Path.Combine(CliFixture.TrainFolder, "best.safetensors"), "--json");
        var exported = CliRunner.Run("info", CliFixture.Model, "--json");
        CliAssert.Succeeded(checkpoint);
        CliAssert.Succeeded(exported);
        using var fromCheckpoint = JsonDocument.Parse(checkpoint.StdOut);
        using var fromModel = JsonDocument.Parse(exported.StdOut);
        var (c, m) = (fromCheckpoint.RootElement, fromModel.RootElement);
        Assert.AreEqual("checkpoint", c.GetProperty("format").GetString());
        Assert.AreEqual("onnx", m.GetProperty("format").GetString());
        Assert.AreEqual(JsonValueKind.Null, c.GetProperty("opset").ValueKind);
        foreach (string key in new[] { "architecture", "labels", "clip", "config" })
            Assert.AreEqual(m.GetProperty(key).GetRawText(), c.GetProperty(key).GetRawText(), key);
        // The export folds each block's temporal_fc into its attention's projection: fewer values, never more.
        Assert.IsTrue(c.GetProperty("parameters").GetInt64() > m.GetProperty("parameters").GetInt64());

        var text = CliRunner.Run("info", Path.Combine(CliFixture.TrainFolder, "best.safetensors"));
        StringAssert.Contains(text.StdOut, "Checkpoint:   safetensors");
    }

    [TestMethod]
    public void Info_HuggingFaceSafetensors_ExitsOnePointingAtImport()
    {
        var result = CliRunner.Run("info", CliFixture.Reference(".safetensors"));
        CliAssert.FailedWithOneLine(result, "is not a TimeSformer.MLNet checkpoint", "timesformer import");
    }

    [TestMethod]
    public void Info_NotAnOnnxFile_ExitsOneSayingSo()
    {
        string path = Path.Combine(Path.GetTempPath(), $"text-{Guid.NewGuid():N}.onnx");
        File.WriteAllText(path, "this is not a model\n{}");
        try
        {
            var result = CliRunner.Run("info", path);
            Assert.AreEqual(1, result.ExitCode);
            StringAssert.Contains(result.StdErr, "is not an ONNX model");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
