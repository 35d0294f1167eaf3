using TimeSformer.Contract;
using TimeSformer.Torch.Checkpoints;
using TimeSformer.Torch.Model;
using TimeSformer.Torch.Training;
using static TorchSharp.torch;

namespace TimeSformer.Torch.Tests;

[TestClass]
public sealed class FineTuningTests
{
    [TestMethod]
    public void FromCheckpoint_NewClasses_ReplacesHeadKeepsBackbone()
    {
        string dir = Directory.CreateTempSubdirectory("finetune-").FullName;
        try
        {
            manual_seed(3);
            var sourceOptions = TimeSformerOptions.Tiny(7);
            using var source = new TimeSformerModel(sourceOptions);
            string path = Path.Combine(dir, "source.safetensors");
            ModelCheckpoint.Save(path, source, new VideoModelMetadata
            {
                Clip = new ClipSpec { Frames = 4, Size = 32, ShortSide = 32 },
                Labels = [.. Enumerable.Range(0, 7).Select(i => $"c{i}")],
                ConfigJson = sourceOptions.ToOfficialJson(),
            });

            using var tuned = FineTuning.FromCheckpoint(path, sourceOptions with { NumClasses = 3 });

            var expected = source.state_dict();
            var actual = tuned.state_dict();
            CollectionAssert.AreEqual(new long[] { 3, 32 }, actual["head.weight"].shape);
            CollectionAssert.AreEqual(new long[] { 3 }, actual["head.bias"].shape);
            foreach (var (name, tensor) in actual.Where(p => !p.Key.StartsWith("head.")))
                Assert.IsTrue(tensor.allclose(expected[name], rtol: 0, atol: 0), $"{name} was not copied");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [TestMethod]
    public void FromModel_MoreFramesAndLargerSize_ResizesEmbeddings()
    {
        manual_seed(4);
        var options = TimeSformerOptions.Tiny(2);
        using var source = new TimeSformerModel(options);
        using (no_grad())
            source.named_parameters().Single(p => p.name == "time_embed").parameter.copy_(arange(4f).reshape(1, 4, 1).expand(1, 4, 32));

        using var tuned = FineTuning.FromModel(source, options with { Frames = 8, ImageSize = 64, NumClasses = 5 });

        var state = tuned.state_dict();
        CollectionAssert.AreEqual(new long[] { 1, 8, 32 }, state["time_embed"].shape);
        CollectionAssert.AreEqual(new long[] { 1, 65, 32 }, state["pos_embed"].shape);
        // Nearest neighbour: frame k of 8 takes frame k/2 of 4.
        CollectionAssert.AreEqual(new float[] { 0, 0, 1, 1, 2, 2, 3, 3 }, state["time_embed"][0, .., 0].data<float>().ToArray());
        Assert.IsTrue(state["pos_embed"][0, 0].allclose(source.state_dict()["pos_embed"][0, 0]), "the CLS position must be kept");
    }

    [TestMethod]
    public void FromModel_DifferentWidth_ThrowsNamingTheParameter()
    {
        using var source = new TimeSformerModel(TimeSformerOptions.Tiny(2));

        var e = Assert.ThrowsExactly<CheckpointException>(() => FineTuning.FromModel(source, TimeSformerOptions.Tiny(2) with { EmbedDim = 64 }));
        StringAssert.Contains(e.Message, "'cls_token' is [1, 1, 32] but the new model needs [1, 1, 64]");
    }
}
