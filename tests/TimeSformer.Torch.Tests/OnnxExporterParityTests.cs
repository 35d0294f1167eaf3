using TimeSformer.Contract;
using TimeSformer.Torch.Export;
using TimeSformer.Torch.Model;
using TimeSformer.Torch.Tests.Fixtures;
using static TorchSharp.torch;

namespace TimeSformer.Torch.Tests;

[TestClass]
public sealed class OnnxExporterParityTests
{
    [TestMethod]
    [DataRow(AttentionType.DividedSpaceTime, PositionalEmbedding.SpaceTime)]
    [DataRow(AttentionType.DividedSpaceTime, PositionalEmbedding.SpaceOnly)]
    [DataRow(AttentionType.DividedSpaceTime, PositionalEmbedding.None)]
    [DataRow(AttentionType.JointSpaceTime, PositionalEmbedding.SpaceTime)]
    [DataRow(AttentionType.JointSpaceTime, PositionalEmbedding.SpaceOnly)]
    [DataRow(AttentionType.JointSpaceTime, PositionalEmbedding.None)]
    [DataRow(AttentionType.SpaceOnly, PositionalEmbedding.SpaceTime)]
    [DataRow(AttentionType.SpaceOnly, PositionalEmbedding.SpaceOnly)]
    [DataRow(AttentionType.SpaceOnly, PositionalEmbedding.None)]
    public void Export_EveryAttentionAndPositionalMode_OnnxRuntimeMatchesTorchSharp(AttentionType attention, PositionalEmbedding positional)
    {
        using var model = OnnxTestModels.TinyModel(attention, positional);
        using var file = OnnxTestModels.TempOnnx();
        OnnxExporter.Export(model, OnnxTestModels.Metadata(model.Options), file.Path);
        OnnxTestModels.AssertOnnxRuntimeMatches(model, file.Path, model.Options.Frames, model.Options.ImageSize);
    }

    [TestMethod]
    [DataRow(AttentionType.DividedSpaceTime)]
    [DataRow(AttentionType.JointSpaceTime)]
    [DataRow(AttentionType.SpaceOnly)]
    public void Export_FrameDifferences_OnnxRuntimeMatchesTorchSharp(AttentionType attention)
    {
        using var model = OnnxTestModels.TinyModel(attention, PositionalEmbedding.SpaceTime, frameDifferences: true);
        using var file = OnnxTestModels.TempOnnx();
        var written = OnnxExporter.Export(model, OnnxTestModels.Metadata(model.Options), file.Path);

        Assert.IsTrue(TimeSformerOptions.FromOfficialJson(written.ConfigJson).FrameDifferences);
        OnnxTestModels.AssertOnnxRuntimeMatches(model, file.Path, model.Options.Frames, model.Options.ImageSize);
    }

    [TestMethod]
    [DataRow(AttentionType.DividedSpaceTime)]
    [DataRow(AttentionType.JointSpaceTime)]
    [DataRow(AttentionType.SpaceOnly)]
    public void Export_MeanPooling_OnnxRuntimeMatchesTorchSharp(AttentionType attention)
    {
        using var model = OnnxTestModels.TinyModel(attention, PositionalEmbedding.SpaceTime, frameDifferences: true, meanPooling: true);
        using var file = OnnxTestModels.TempOnnx();
        var written = OnnxExporter.Export(model, OnnxTestModels.Metadata(model.Options), file.Path);

        Assert.IsTrue(TimeSformerOptions.FromOfficialJson(written.ConfigJson).MeanPooling);
        OnnxTestModels.AssertOnnxRuntimeMatches(model, file.Path, model.Options.Frames, model.Options.ImageSize);
    }

    [TestMethod]
    [DataRow(RecurrentCell.Gru, 1)]
    [DataRow(RecurrentCell.Gru, 2)]
    [DataRow(RecurrentCell.Lstm, 1)]
    [DataRow(RecurrentCell.Lstm, 2)]
    public void Export_CnnRnn_OnnxRuntimeMatchesTorchSharp(RecurrentCell cell, int layers)
    {
        manual_seed(2);
        var options = new CnnRnnOptions
        {
            ImageSize = 32, Frames = 4, NumClasses = OnnxTestModels.Classes, StemWidth = 8, StageWidths = [8, 16],
            Cell = cell, HiddenSize = 12, RnnLayers = layers,
        };
        using var model = new CnnRnn(options);
        using (no_grad())
        {
            // Non-trivial BatchNorm statistics, so that folding them into the convolutions is checked.
            foreach (var (name, buffer) in model.named_buffers())
                if (name.EndsWith("running_mean", StringComparison.Ordinal))
                    buffer.copy_(randn_like(buffer) * 0.2);
                else if (name.EndsWith("running_var", StringComparison.Ordinal))
                    buffer.copy_(rand_like(buffer) + 0.5);
            foreach (var p in model.parameters())
                p.add_(randn_like(p) * 0.1);
        }
        model.eval();
        using var file = OnnxTestModels.TempOnnx();
        var metadata = OnnxTestModels.Metadata(new TimeSformerOptions { Frames = 4, ImageSize = 32, NumClasses = OnnxTestModels.Classes });
        var written = OnnxExporter.Export(model, metadata, file.Path);

        Assert.AreEqual(ModelArchitecture.CnnRnn, written.Architecture);
        Assert.AreEqual(options, CnnRnnOptions.FromJson(written.ConfigJson));
        OnnxTestModels.AssertOnnxRuntimeMatches(model, file.Path, options.Frames, options.ImageSize);
    }

    [TestMethod]
    [DataRow("tiny_divided_space_time.pyth")]
    [DataRow("tiny_divided_space_time.safetensors")]
    public void ExportCheckpoint_ReferenceCheckpoint_OnnxRuntimeReproducesOfficialLogits(string checkpoint)
    {
        var options = TimeSformerOptions.FromOfficialJson(File.ReadAllText(ReferenceFiles.Path("reference", "tiny_divided_space_time.json")));
        using var file = OnnxTestModels.TempOnnx();
        var written = OnnxExporter.ExportCheckpoint(ReferenceFiles.Path("reference", checkpoint), file.Path, options);

        CollectionAssert.AreEqual(new[] { "0", "1", "2", "3", "4" }, written.Labels.ToArray());
        using var session = OnnxTestModels.Session(file.Path);
        using var scope = NewDisposeScope();
        var (logits, _) = OnnxTestModels.Run(session, ReferenceFiles.ReferenceInput());
        double diff = OnnxTestModels.MaxAbsDifference(ReferenceFiles.ReferenceLogits(), logits);
        Assert.IsTrue(diff < 1e-4, $"ONNX logits differ from the official ones by {diff:G3}");
    }
}
