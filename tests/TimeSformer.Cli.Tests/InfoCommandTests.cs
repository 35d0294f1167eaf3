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
