using TimeSformer.Torch.Checkpoints;
using TimeSformer.Torch.Model;
using TimeSformer.Torch.Tests.Fixtures;
using static TorchSharp.torch;

namespace TimeSformer.Torch.Tests;

[TestClass]
public sealed class ReferenceParityTests
{
    private static TimeSformerOptions ReferenceOptions() => TimeSformerOptions.FromOfficialJson(
        File.ReadAllText(ReferenceFiles.Path("reference", "tiny_divided_space_time.json")));

    [TestMethod]
    public void Load_OfficialPyth_ReproducesOfficialLogits() =>
        AssertReproducesLogits(ReferenceFiles.Path("reference", "tiny_divided_space_time.pyth"));

    [TestMethod]
    public void Load_HuggingFaceSafetensors_ReproducesOfficialLogits() =>
        AssertReproducesLogits(ReferenceFiles.Path("reference", "tiny_divided_space_time.safetensors"));

    private static void AssertReproducesLogits(string path)
    {
        using var model = CheckpointLoader.LoadTimeSformer(path, ReferenceOptions());
        using var input = ReferenceFiles.ReferenceInput();
        using var expected = ReferenceFiles.ReferenceLogits();
        using var noGrad = no_grad();
        using var logits = model.call(input);
        CollectionAssert.AreEqual(expected.shape, logits.shape);
        double maxAbs = (logits - expected).abs().max().item<float>();
        Assert.IsTrue(maxAbs < 1e-4, $"max abs difference {maxAbs:G3} from the official logits");
    }
}
