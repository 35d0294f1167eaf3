using Onnx;
using TimeSformer.Contract;
using TimeSformer.Torch.Export;
using TimeSformer.Torch.Model;
using TimeSformer.Torch.Tests.Fixtures;

namespace TimeSformer.Torch.Tests;

/// <summary>The header reader (which seeks past the weights) must agree with a full parse of an exported model, and
/// a cut file must fail with the file's name.</summary>
[TestClass]
public sealed class OnnxModelHeaderTests
{
    [TestMethod]
    public void Read_ExportedModel_MatchesAFullParse()
    {
        using var model = OnnxTestModels.TinyModel(AttentionType.DividedSpaceTime, PositionalEmbedding.SpaceTime);
        using var file = OnnxTestModels.TempOnnx();
        OnnxExporter.Export(model, OnnxTestModels.Metadata(model.Options), file.Path);

        var header = OnnxModelHeader.Read(file.Path);
        var full = ModelProto.Parser.ParseFrom(File.ReadAllBytes(file.Path));

        Assert.AreEqual(full.IrVersion, header.IrVersion);
        Assert.AreEqual($"{full.ProducerName} {full.ProducerVersion}", header.Producer);
        Assert.AreEqual(17L, header.Opset);
        CollectionAssert.AreEquivalent(full.MetadataProps.Select(p => $"{p.Key}={p.Value}").ToArray(),
            header.MetadataProps.Select(p => $"{p.Key}={p.Value}").ToArray());
        CollectionAssert.AreEqual(full.Graph.Input.ToArray(), header.Inputs.ToArray());
        CollectionAssert.AreEqual(full.Graph.Output.ToArray(), header.Outputs.ToArray());
        CollectionAssert.AreEqual(new[] { -1, 4, 3, 32, 32 }, OnnxModelHeader.Dimensions(header.Inputs.Single()));
        CollectionAssert.AreEqual(new[] { -1, OnnxTestModels.Classes }, OnnxModelHeader.Dimensions(header.Outputs[1]));
    }

    [TestMethod]
    public void Read_CutFile_FailsNamingTheFile()
    {
        using var model = OnnxTestModels.TinyModel(AttentionType.SpaceOnly, PositionalEmbedding.SpaceOnly);
        using var file = OnnxTestModels.TempOnnx();
        OnnxExporter.Export(model, OnnxTestModels.Metadata(model.Options), file.Path);
        var bytes = File.ReadAllBytes(file.Path);
        File.WriteAllBytes(file.Path, bytes[..(bytes.Length / 2)]);

        var e = Assert.ThrowsExactly<InvalidDataException>(() => OnnxModelHeader.Read(file.Path));
        StringAssert.StartsWith(e.Message, $"'{file.Path}' is not an ONNX model: ");
    }
}
