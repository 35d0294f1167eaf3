using TimeSformer.Torch.Checkpoints;
using TimeSformer.Torch.Model;
using TimeSformer.Torch.Tests.Fixtures;
using static TorchSharp.torch;

namespace TimeSformer.Torch.Tests;

[TestClass]
public sealed class CheckpointErrorTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void Load_MissingKey_ThrowsNamingKey()
    {
        using var model = new TimeSformerModel(TestModels.Tiny());
        var state = model.state_dict();
        state.Remove("blocks.1.temporal_fc.bias");
        var e = Assert.ThrowsExactly<CheckpointException>(() => StateDictLoader.Load(model, state, "test.pyth"));
        StringAssert.Contains(e.Message, "'test.pyth'");
        StringAssert.Contains(e.Message, "missing keys: blocks.1.temporal_fc.bias");
    }

    [TestMethod]
    public void Load_UnexpectedKey_ThrowsNamingKey()
    {
        using var model = new TimeSformerModel(TestModels.Tiny());
        var state = model.state_dict();
        state["blocks.2.norm1.weight"] = ones(32);
        var e = Assert.ThrowsExactly<CheckpointException>(() => StateDictLoader.Load(model, state, "test.pyth"));
        StringAssert.Contains(e.Message, "unexpected keys: blocks.2.norm1.weight");
    }

    [TestMethod]
    public void Load_WrongShape_ThrowsNamingKeyAndBothShapes()
    {
        using var model = new TimeSformerModel(TestModels.Tiny());
        var state = model.state_dict();
        state["head.weight"] = zeros(5, 32);
        var e = Assert.ThrowsExactly<CheckpointException>(() => StateDictLoader.Load(model, state, "test.pyth"));
        StringAssert.Contains(e.Message, "mis-shaped keys: head.weight (checkpoint [5, 32], model [3, 32])");
    }

    [TestMethod]
    public void Load_Rejected_LeavesModelUnchanged()
    {
        using var model = new TimeSformerModel(TestModels.Tiny());
        var before = model.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());
        var state = before.ToDictionary(p => p.Key, p => zeros_like(p.Value));
        state["extra"] = ones(1);
        Assert.ThrowsExactly<CheckpointException>(() => StateDictLoader.Load(model, state, "test"));
        foreach (var (name, value) in model.state_dict())
            Assert.IsTrue(value.equal(before[name]).all().item<bool>(), name);
    }

    [TestMethod]
    public void Load_OfficialCheckpointWithOtherOptions_ListsEveryMismatch()
    {
        var path = ReferenceFiles.Path("reference", "tiny_divided_space_time.pyth");
        var options = TimeSformerOptions.Tiny(5) with { EmbedDim = 64, NumHeads = 4, Depth = 1, AttentionType = AttentionType.SpaceOnly };
        var e = Assert.ThrowsExactly<CheckpointException>(() => CheckpointLoader.LoadTimeSformer(path, options));
        StringAssert.Contains(e.Message, path);
        StringAssert.Contains(e.Message, "time_embed");
        StringAssert.Contains(e.Message, "blocks.0.temporal_fc.weight");
        StringAssert.Contains(e.Message, "blocks.1.mlp.fc2.bias");
    }

    [TestMethod]
    public void Load_MissingFile_ThrowsNamingFile()
    {
        var path = Path.Combine(TestContext.TestRunDirectory ?? Path.GetTempPath(), "no-such.pyth");
        var e = Assert.ThrowsExactly<CheckpointException>(() => CheckpointLoader.LoadTimeSformer(path, TestModels.Tiny()));
        StringAssert.Contains(e.Message, path);
        StringAssert.Contains(e.Message, "not found");
    }

    [TestMethod]
    [DataRow("garbage.pyth", false, "not a PyTorch checkpoint: torch.save writes a zip archive, and this file is not one.")]
    [DataRow("truncated.pyth", true, "not a readable PyTorch checkpoint")]
    [DataRow("garbage.safetensors", false, "not a safetensors file")]
    public void Load_GarbageFile_ThrowsNamingFormat(string name, bool zipSignature, string expected)
    {
        var path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}-{name}");
        File.WriteAllBytes(path, [.. zipSignature ? "PK\x03\x04"u8.ToArray() : [1, 2, 3, 4], 5, 6, 7, 8, 9, 10, 11, 12]);
        try
        {
            var e = Assert.ThrowsExactly<CheckpointException>(() => CheckpointLoader.LoadTimeSformer(path, TestModels.Tiny()));
            StringAssert.Contains(e.Message, expected);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void ReadStateDict_HuggingFaceFileWithUnknownKey_ThrowsNamingKey()
    {
        var path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.safetensors");
        using var t = ones(2);
        SafetensorsFile.Write(path, new Dictionary<string, Tensor> { ["timesformer.pooler.dense.weight"] = t }, new Dictionary<string, string>());
        try
        {
            var e = Assert.ThrowsExactly<CheckpointException>(() => HuggingFaceCheckpoint.ReadStateDict(path));
            StringAssert.Contains(e.Message, "timesformer.pooler.dense.weight");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void Load_OfficialCheckpointWithoutOptions_ThrowsAskingForOptions()
    {
        var path = ReferenceFiles.Path("reference", "tiny_divided_space_time.pyth");
        var e = Assert.ThrowsExactly<ArgumentException>(() => CheckpointLoader.LoadTimeSformer(path));
        StringAssert.Contains(e.Message, "TimeSformerOptions");
    }
}
