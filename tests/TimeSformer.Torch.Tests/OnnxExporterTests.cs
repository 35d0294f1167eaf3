using TimeSformer.Contract;
using TimeSformer.Torch.Export;
using TimeSformer.Torch.Model;
using TimeSformer.Torch.Tests.Fixtures;

namespace TimeSformer.Torch.Tests;

[TestClass]
public sealed class OnnxExporterTests
{
    [TestMethod]
    public void Export_TinyModel_SignatureHasSymbolicBatchAndFixedClipShape()
    {
        using var model = OnnxTestModels.TinyModel(AttentionType.DividedSpaceTime, PositionalEmbedding.SpaceTime);
        using var file = OnnxTestModels.TempOnnx();
        OnnxExporter.Export(model, OnnxTestModels.Metadata(model.Options), file.Path);
        using var session = OnnxTestModels.Session(file.Path);

        Assert.AreEqual(OnnxSignature.InputName, session.InputMetadata.Keys.Single());
        var input = session.InputMetadata[OnnxSignature.InputName];
        CollectionAssert.AreEqual(new[] { -1, 4, 3, 32, 32 }, input.Dimensions);
        Assert.AreEqual(OnnxSignature.BatchDim, input.SymbolicDimensions[0]);
        CollectionAssert.AreEqual(new[] { OnnxSignature.LogitsName, OnnxSignature.ProbabilitiesName }, session.OutputNames.ToArray());
        foreach (var output in session.OutputMetadata.Values)
        {
            Assert.AreEqual(typeof(float), output.ElementType);
            CollectionAssert.AreEqual(new[] { -1, OnnxTestModels.Classes }, output.Dimensions);
            Assert.AreEqual(OnnxSignature.BatchDim, output.SymbolicDimensions[0]);
        }
    }

    [TestMethod]
    public void Export_TinyModel_MetadataReadsBackThroughOnnxRuntime()
    {
        using var model = OnnxTestModels.TinyModel(AttentionType.JointSpaceTime, PositionalEmbedding.SpaceOnly);
        using var file = OnnxTestModels.TempOnnx();
        var metadata = OnnxTestModels.Metadata(model.Options) with
        {
            Clip = new ClipSpec { Frames = 4, Size = 32, ShortSide = 40, Sampling = FrameSampling.FixedStride, Stride = 4, Mean = [0.5f, 0.4f, 0.3f] },
        };
        var written = OnnxExporter.Export(model, metadata, file.Path);
        using var session = OnnxTestModels.Session(file.Path);

        var read = VideoModelMetadata.FromMetadataProps(session.ModelMetadata.CustomMetadataMap);
        Assert.AreEqual(metadata.Clip, read.Clip);
        CollectionAssert.AreEqual(metadata.Labels.ToArray(), read.Labels.ToArray());
        Assert.AreEqual("timesformer", read.Architecture);
        Assert.AreEqual(model.Options, TimeSformerOptions.FromOfficialJson(read.ConfigJson));
        Assert.AreEqual(written.ConfigJson, read.ConfigJson);
        Assert.AreEqual($"{OnnxSignature.ProducerName} {OnnxExporter.ProducerVersion}", read.Producer);
        Assert.AreEqual(OnnxSignature.ProducerName, session.ModelMetadata.ProducerName);
    }

    [TestMethod]
    public void Build_TinyModel_GraphUsesOpset17ScopedNodeNamesAndShapes()
    {
        using var model = OnnxTestModels.TinyModel(AttentionType.DividedSpaceTime, PositionalEmbedding.SpaceTime);
        var (proto, _) = OnnxExporter.Build(new TimeSformerOnnxMapping(model.Options, model.state_dict()),
            OnnxTestModels.Metadata(model.Options));

        Assert.AreEqual(8L, proto.IrVersion);
        Assert.AreEqual(17L, proto.OpsetImport.Single(o => o.Domain == "").Version);
        var names = proto.Graph.Node.Select(n => n.Name).ToHashSet();
        Assert.Contains("blocks.1/temporal_attn/q/MatMul", names);
        Assert.Contains("blocks.0/attn/proj/MatMul", names);
        Assert.Contains("blocks.1/mlp/act/Erf", names);
        var ops = proto.Graph.Node.Select(n => n.OpType).ToHashSet();
        Assert.Contains("LayerNormalization", ops);
        var initializers = proto.Graph.Initializer.Select(i => i.Name).ToHashSet();
        Assert.Contains("blocks.0.temporal_attn.proj+temporal_fc.weight.T", initializers);
        Assert.DoesNotContain("blocks.0.temporal_fc.weight", initializers);
        var temporalScores = proto.Graph.ValueInfo.Single(v => v.Name == "blocks.0/temporal_attn/Softmax");
        CollectionAssert.AreEqual(new[] { "batch*16", "2", "4", "4" },
            temporalScores.Type.TensorType.Shape.Dim.Select(d => d.HasDimParam ? d.DimParam : d.DimValue.ToString()).ToArray());
    }

    [TestMethod]
    public void Export_LabelCountDiffersFromClasses_ThrowsAndWritesNothing()
    {
        using var model = OnnxTestModels.TinyModel(AttentionType.SpaceOnly, PositionalEmbedding.SpaceOnly);
        using var file = OnnxTestModels.TempOnnx();
        var metadata = OnnxTestModels.Metadata(model.Options) with { Labels = ["a", "b"] };

        var error = Assert.ThrowsExactly<OnnxExportException>(() => OnnxExporter.Export(model, metadata, file.Path));
        StringAssert.Contains(error.Message, "2 labels but the model has 5 classes");
        Assert.IsFalse(File.Exists(file.Path));
    }

    [TestMethod]
    public void Export_OptionsDisagreeWithWeights_ThrowsNamingWeightAndKeepsExistingFile()
    {
        using var model = OnnxTestModels.TinyModel(AttentionType.SpaceOnly, PositionalEmbedding.SpaceOnly);
        using var file = OnnxTestModels.TempOnnx();
        File.WriteAllText(file.Path, "previous model");
        var wider = model.Options with { EmbedDim = 64 };
        var mapping = new TimeSformerOnnxMapping(wider, model.state_dict());

        var error = Assert.ThrowsExactly<OnnxExportException>(
            () => OnnxExporter.Export(mapping, OnnxTestModels.Metadata(wider), file.Path));
        StringAssert.Contains(error.Message, "'patch_embed.proj.weight' has shape [32, 3, 8, 8] but the options need [64, 3, 8, 8]");
        Assert.AreEqual("previous model", File.ReadAllText(file.Path));
        Assert.AreEqual(1, Directory.GetFiles(Path.GetDirectoryName(file.Path)!, $"*{Path.GetFileName(file.Path)}*").Length);
    }

    [TestMethod]
    public void Export_DividedWeightsMissingTemporalAttention_ThrowsNamingWeight()
    {
        using var model = OnnxTestModels.TinyModel(AttentionType.SpaceOnly, PositionalEmbedding.SpaceOnly);
        var divided = model.Options with { AttentionType = AttentionType.DividedSpaceTime };
        var mapping = new TimeSformerOnnxMapping(divided, model.state_dict());

        var error = Assert.ThrowsExactly<OnnxExportException>(
            () => OnnxExporter.Build(mapping, OnnxTestModels.Metadata(divided)));
        StringAssert.Contains(error.Message, "no 'blocks.0.temporal_norm1.weight'");
    }
}
