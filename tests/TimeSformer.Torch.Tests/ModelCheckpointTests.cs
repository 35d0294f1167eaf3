using TimeSformer.Contract;
using TimeSformer.Torch.Checkpoints;
using TimeSformer.Torch.Model;
using TimeSformer.Torch.Tests.Fixtures;
using static TorchSharp.torch;

namespace TimeSformer.Torch.Tests;

[TestClass]
public sealed class ModelCheckpointTests
{
    private static readonly string[] Labels = ["left", "right", "grow"];
    private static readonly ClipSpec Clip = new() { Frames = 4, Size = 32, ShortSide = 36, Mean = [0.4f, 0.5f, 0.6f] };

    private string tempDir = null!;

    [TestInitialize]
    public void CreateDirectory() => tempDir = Directory.CreateTempSubdirectory("model-checkpoint-").FullName;

    [TestCleanup]
    public void DeleteDirectory() => Directory.Delete(tempDir, recursive: true);

    [TestMethod]
    [DataRow(AttentionType.DividedSpaceTime, PositionalEmbedding.SpaceTime)]
    [DataRow(AttentionType.SpaceOnly, PositionalEmbedding.None)]
    public void SaveThenLoad_TimeSformer_ReproducesOutputsExactly(AttentionType attention, PositionalEmbedding positional)
    {
        var path = Path.Combine(tempDir, "model.safetensors");
        using var model = new TimeSformerModel(TestModels.Tiny(attention, positional) with { DropRate = 0.1 });
        model.eval();
        ModelCheckpoint.Save(path, model, Clip, Labels);

        using var loaded = CheckpointLoader.LoadTimeSformer(path);
        Assert.AreEqual(model.Options, loaded.Options);
        Assert.IsFalse(loaded.training);
        using var clip = TestModels.Clip();
        using var noGrad = no_grad();
        using var expected = model.call(clip);
        using var actual = loaded.call(clip);
        Assert.AreEqual(0, TestModels.MaxAbsDiff(expected, actual));
    }

    [TestMethod]
    public void SaveThenLoad_Metadata_IsKept()
    {
        var path = Path.Combine(tempDir, "model.safetensors");
        using var model = new TimeSformerModel(TestModels.Tiny());
        ModelCheckpoint.Save(path, model, Clip, Labels);

        using var checkpoint = ModelCheckpoint.Load(path);
        Assert.AreEqual(Clip, checkpoint.Metadata.Clip);
        CollectionAssert.AreEqual(Labels, checkpoint.Metadata.Labels.ToArray());
        Assert.AreEqual("timesformer", checkpoint.Metadata.Architecture);
        Assert.AreEqual(model.Options, TimeSformerOptions.FromOfficialJson(checkpoint.Metadata.ConfigJson));
        Assert.IsTrue(ModelCheckpoint.IsModelCheckpoint(path));
    }

    [TestMethod]
    public void SaveThenLoad_OtherArchitectureWithBuffers_KeepsEveryTensorAndDtype()
    {
        var path = Path.Combine(tempDir, "cnn.safetensors");
        using var module = nn.Sequential(("conv", nn.Conv2d(3, 4, 3)), ("bn", nn.BatchNorm2d(4)));
        using (var x = randn(2, 3, 8, 8)) module.call(x).Dispose(); // moves the running statistics
        var metadata = new VideoModelMetadata { Clip = Clip, Labels = Labels, Architecture = "cnn-rnn", ConfigJson = "{\"hidden\":64}" };
        ModelCheckpoint.Save(path, module, metadata);

        using var checkpoint = ModelCheckpoint.Load(path);
        Assert.AreEqual("cnn-rnn", checkpoint.Metadata.Architecture);
        Assert.AreEqual("{\"hidden\":64}", checkpoint.Metadata.ConfigJson);
        var expected = module.state_dict();
        CollectionAssert.AreEquivalent(expected.Keys.ToArray(), checkpoint.StateDict.Keys.ToArray());
        foreach (var (name, tensor) in expected)
        {
            Assert.AreEqual(tensor.dtype, checkpoint.StateDict[name].dtype, name);
            Assert.IsTrue(tensor.equal(checkpoint.StateDict[name]).all().item<bool>(), name);
        }
        var e = Assert.ThrowsExactly<CheckpointException>(() => CheckpointLoader.LoadTimeSformer(path));
        StringAssert.Contains(e.Message, "'cnn-rnn' model");
    }

    [TestMethod]
    public void Save_OverExistingFile_ReplacesItAndLeavesNoTemporaryFile()
    {
        var path = Path.Combine(tempDir, "model.safetensors");
        File.WriteAllText(path, "old");
        using var model = new TimeSformerModel(TestModels.Tiny());
        ModelCheckpoint.Save(path, model, Clip, Labels);
        CollectionAssert.AreEqual(new[] { path }, Directory.GetFiles(tempDir));
        Assert.IsTrue(ModelCheckpoint.IsModelCheckpoint(path));
    }

    [TestMethod]
    public void Save_WrongLabelCount_Throws()
    {
        using var model = new TimeSformerModel(TestModels.Tiny());
        var e = Assert.ThrowsExactly<ArgumentException>(() =>
            ModelCheckpoint.Save(Path.Combine(tempDir, "m.safetensors"), model, Clip, ["a", "b"]));
        StringAssert.Contains(e.Message, "2 labels given for a model with 3 classes");
        Assert.AreEqual(0, Directory.GetFiles(tempDir).Length);
    }

    [TestMethod]
    public void Load_HuggingFaceFile_ThrowsSayingItIsNotOurs()
    {
        var path = ReferenceFiles.Path("reference", "tiny_divided_space_time.safetensors");
        var e = Assert.ThrowsExactly<CheckpointException>(() => ModelCheckpoint.Load(path));
        StringAssert.Contains(e.Message, "no TimeSformer.MLNet metadata");
    }
}
