using TimeSformer.Torch.Checkpoints;
using TimeSformer.Torch.Model;
using TimeSformer.Torch.Tests.Fixtures;

namespace TimeSformer.Torch.Tests;

[TestClass]
public sealed class HuggingFaceConfigTests
{
    private const string ReferenceLikeConfig = """
        {
          "architectures": ["TimesformerForVideoClassification"],
          "attention_type": "divided_space_time",
          "hidden_size": 64, "image_size": 32, "intermediate_size": 256, "num_attention_heads": 4,
          "num_channels": 3, "num_frames": 4, "num_hidden_layers": 2, "patch_size": 8,
          "layer_norm_eps": 1e-06, "qkv_bias": true, "hidden_dropout_prob": 0.0, "drop_path_rate": 0.0,
          "id2label": {"0": "a", "1": "b", "2": "c", "3": "d", "4": "e"}
        }
        """;

    [TestMethod]
    public void Parse_TimesformerConfig_GivesOptionsAndOrderedLabels()
    {
        var config = HuggingFaceConfig.Parse(ReferenceLikeConfig);
        // The fixture's JSON has no drop_path_rate, so it keeps the Base default there.
        var expected = TimeSformerOptions.FromOfficialJson(File.ReadAllText(ReferenceFiles.Path("reference", "tiny_divided_space_time.json")))
            with
        { DropPathRate = 0 };
        Assert.AreEqual(expected, config.Options);
        CollectionAssert.AreEqual(new[] { "a", "b", "c", "d", "e" }, config.Labels.ToArray());
    }

    [TestMethod]
    public void Parse_ConfigOptions_LoadHuggingFaceFixture()
    {
        var options = HuggingFaceConfig.Parse(ReferenceLikeConfig).Options;
        using var model = CheckpointLoader.LoadTimeSformer(ReferenceFiles.Path("reference", "tiny_divided_space_time.safetensors"), options);
        Assert.AreEqual(5, model.Options.NumClasses);
    }

    [TestMethod]
    public void Parse_LabelIndexOutOfRange_Throws()
    {
        var e = Assert.ThrowsExactly<FormatException>(() => HuggingFaceConfig.Parse("""{"id2label": {"0": "a", "5": "b"}}"""));
        StringAssert.Contains(e.Message, "'5'");
    }
}
