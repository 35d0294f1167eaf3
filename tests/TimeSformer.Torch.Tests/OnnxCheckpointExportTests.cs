using TimeSformer.Contract;
using TimeSformer.Torch.Checkpoints;
using TimeSformer.Torch.Export;
using TimeSformer.Torch.Model;
using TimeSformer.Torch.Tests.Fixtures;
using static TorchSharp.torch;

namespace TimeSformer.Torch.Tests;

[TestClass]
public sealed class OnnxCheckpointExportTests
{
    [TestMethod]
    public void ExportCheckpoint_OurTimeSformerCheckpoint_ScoresSamePredictionsAsTorchSharp()
    {
        using var model = OnnxTestModels.TinyModel(AttentionType.DividedSpaceTime, PositionalEmbedding.SpaceTime, seed: 3);
        var metadata = OnnxTestModels.Metadata(model.Options);
        using var checkpoint = OnnxTestModels.TempOnnx(".safetensors");
        ModelCheckpoint.Save(checkpoint.Path, model, metadata.Clip, metadata.Labels);
        using var file = OnnxTestModels.TempOnnx();

        var written = OnnxExporter.ExportCheckpoint(checkpoint.Path, file.Path);

        CollectionAssert.AreEqual(metadata.Labels.ToArray(), written.Labels.ToArray());
        Assert.AreEqual(metadata.Clip, written.Clip);
        using var session = OnnxTestModels.Session(file.Path);
        using var scope = NewDisposeScope();
        var clips = randn([8, 4, 3, 32, 32]);
        Tensor expected;
        using (no_grad())
            expected = model.call(clips);
        var (logits, _) = OnnxTestModels.Run(session, clips);
        CollectionAssert.AreEqual(expected.argmax(1).data<long>().ToArray(), logits.argmax(1).data<long>().ToArray());
        Assert.IsTrue(OnnxTestModels.MaxAbsDifference(expected, logits) < 1e-4);
    }

    [TestMethod]
    public void ExportCheckpoint_OurCnnRnnCheckpoint_UsesCnnRnnMappingAndMatchesTorchSharp()
    {
        manual_seed(4);
        var options = new CnnRnnOptions { ImageSize = 32, Frames = 4, NumClasses = 3, StemWidth = 8, StageWidths = [8], HiddenSize = 8 };
        using var model = new CnnRnn(options);
        model.eval();
        using var checkpoint = OnnxTestModels.TempOnnx(".safetensors");
        ModelCheckpoint.Save(checkpoint.Path, model, new VideoModelMetadata
        {
            Clip = new ClipSpec { Frames = 4, Size = 32, ShortSide = 32 }, Labels = ["left", "right", "up"],
            Architecture = ModelArchitecture.CnnRnn, ConfigJson = options.ToJson(),
        });
        using var file = OnnxTestModels.TempOnnx();

        var written = OnnxExporter.ExportCheckpoint(checkpoint.Path, file.Path, labels: ["a", "b", "c"]);

        Assert.AreEqual(ModelArchitecture.CnnRnn, written.Architecture);
        CollectionAssert.AreEqual(new[] { "a", "b", "c" }, written.Labels.ToArray());
        OnnxTestModels.AssertOnnxRuntimeMatches(model, file.Path, 4, 32);
    }

    [TestMethod]
    public void ExportCheckpoint_OfficialCheckpointWithoutConfig_ThrowsAskingForIt()
    {
        using var file = OnnxTestModels.TempOnnx();
        var error = Assert.ThrowsExactly<ArgumentException>(() =>
            OnnxExporter.ExportCheckpoint(ReferenceFiles.Path("reference", "tiny_divided_space_time.pyth"), file.Path));
        StringAssert.Contains(error.Message, "carries no configuration");
        Assert.IsFalse(File.Exists(file.Path));
    }
}
