using TimeSformer.Torch.Model;
using TimeSformer.Torch.Tests.Fixtures;
using static TorchSharp.torch;

namespace TimeSformer.Torch.Tests;

[TestClass]
public sealed class ParameterCountTests
{
    [TestMethod]
    [DataRow(AttentionType.DividedSpaceTime, 121_566_352L)]
    [DataRow(AttentionType.JointSpaceTime, 86_112_400L)]
    [DataRow(AttentionType.SpaceOnly, 86_106_256L)]
    public void Constructor_BasePreset400Classes_HasOfficialParameterCount(AttentionType attention, long expected)
    {
        // The meta device allocates no storage, so the Base model (0.5 GB of floats) costs nothing to build.
        set_default_device(META);
        try
        {
            using var model = new TimeSformerModel(TimeSformerOptions.Base(400) with { AttentionType = attention });
            Assert.AreEqual(TorchSharp.DeviceType.META, model.parameters().First().device_type);
            Assert.AreEqual(expected, model.parameters().Sum(p => p.numel()));
        }
        finally
        {
            set_default_device(CPU);
        }
    }

    [TestMethod]
    [DataRow("hr", 122_024_080L)]
    [DataRow("large", 121_633_936L)]
    public void Constructor_HighResolutionAndLargePresets400Classes_HaveOfficialParameterCounts(string preset, long expected)
    {
        // Same ViT-Base backbone as Base: only the embeddings grow, pos_embed to 1 + 28 x 28 positions for 448 px
        // (+588 x 768) and time_embed to 16 (+8 x 768) or 96 frames (+88 x 768).
        set_default_device(META);
        try
        {
            using var model = new TimeSformerModel(TimeSformerOptions.Preset(preset, 400));
            Assert.AreEqual(expected, model.parameters().Sum(p => p.numel()));
        }
        finally
        {
            set_default_device(CPU);
        }
    }

    [TestMethod]
    [DataRow(AttentionType.DividedSpaceTime, PositionalEmbedding.SpaceTime, "pos_embed,time_embed")]
    [DataRow(AttentionType.JointSpaceTime, PositionalEmbedding.SpaceTime, "pos_embed,time_embed")]
    [DataRow(AttentionType.SpaceOnly, PositionalEmbedding.SpaceTime, "pos_embed")]
    [DataRow(AttentionType.DividedSpaceTime, PositionalEmbedding.SpaceOnly, "pos_embed")]
    [DataRow(AttentionType.JointSpaceTime, PositionalEmbedding.None, "")]
    public void Constructor_PositionalMode_HasOnlyTheEmbeddingsItUses(AttentionType attention, PositionalEmbedding positional, string expected)
    {
        using var model = new TimeSformerModel(TestModels.Tiny(attention, positional));
        var embeddings = model.named_parameters().Select(p => p.name).Where(n => n.EndsWith("_embed", StringComparison.Ordinal));
        Assert.AreEqual(expected, string.Join(",", embeddings.Order()));
    }

    [TestMethod]
    public void Constructor_Tiny_MatchesParameterFormula()
    {
        var o = TestModels.Tiny();
        long d = o.EmbedDim, hidden = 4 * d, n = o.PatchesPerFrame;
        long attention = d * 3 * d + 3 * d + d * d + d;
        long block = 2 * (2 * d) + 2 * attention + (d * d + d) + 2 * d + (d * hidden + hidden + hidden * d + d);
        long expected = (3 * o.PatchSize * o.PatchSize * d + d) + d + (n + 1) * d + o.Frames * d
            + o.Depth * block + 2 * d + (d * o.NumClasses + o.NumClasses);
        using var model = new TimeSformerModel(o);
        Assert.AreEqual(expected, model.parameters().Sum(p => p.numel()));
    }
}
