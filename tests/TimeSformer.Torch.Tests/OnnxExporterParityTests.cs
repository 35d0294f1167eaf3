using TimeSformer.Torch.Export;
using TimeSformer.Torch.Import;
using TimeSformer.Torch.Model;
using static TorchSharp.torch;

namespace TimeSformer.Torch.Tests;

[TestClass]
public sealed class OnnxExporterParityTests
{
    private const double Tolerance = 1e-4;

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
        using var session = OnnxTestModels.Session(file.Path);
        foreach (long batch in new long[] { 1, 3 })
        {
            using var scope = NewDisposeScope();
            var input = randn([batch, model.Options.Frames, 3, model.Options.ImageSize, model.Options.ImageSize]);
            Tensor expected;
            using (no_grad())
                expected = model.call(input);
            var (logits, probabilities) = OnnxTestModels.Run(session, input);
            double diff = OnnxTestModels.MaxAbsDifference(expected, logits);
            Assert.IsTrue(diff < Tolerance, $"batch {batch}: logits differ from TorchSharp by {diff:G3}");
            Assert.IsTrue(expected.std().item<float>() > 1e-2, "logits barely vary, so the parity proves little");
            double softmaxDiff = OnnxTestModels.MaxAbsDifference(softmax(expected, 1), probabilities);
            Assert.IsTrue(softmaxDiff < Tolerance, $"batch {batch}: probabilities differ by {softmaxDiff:G3}");
            double sumError = (probabilities.sum(1) - 1).abs().max().item<float>();
            Assert.IsTrue(sumError < 1e-5, $"batch {batch}: probabilities sum to 1 +- {sumError:G3}");
        }
    }

    [TestMethod]
    [DataRow("tiny_divided_space_time.pyth")]
    [DataRow("tiny_divided_space_time.safetensors")]
    public void Export_ReferenceCheckpoint_OnnxRuntimeReproducesOfficialLogits(string checkpoint)
    {
        var options = TimeSformerOptions.FromOfficialJson(File.ReadAllText(Fixtures.Path("reference", "tiny_divided_space_time.json")));
        using var model = TimeSformerCheckpoint.Load(Fixtures.Path("reference", checkpoint), options);
        using var file = OnnxTestModels.TempOnnx();
        OnnxExporter.Export(model, OnnxTestModels.Metadata(model.Options), file.Path);
        using var session = OnnxTestModels.Session(file.Path);
        using var scope = NewDisposeScope();
        var (logits, _) = OnnxTestModels.Run(session, Fixtures.ReferenceInput());
        double diff = OnnxTestModels.MaxAbsDifference(Fixtures.ReferenceLogits(), logits);
        Assert.IsTrue(diff < Tolerance, $"ONNX logits differ from the official ones by {diff:G3}");
    }
}
