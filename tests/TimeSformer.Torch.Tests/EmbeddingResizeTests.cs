using TimeSformer.Torch.Model;
using TimeSformer.Torch.Tests.Fixtures;
using static TorchSharp.torch;

namespace TimeSformer.Torch.Tests;

[TestClass]
public sealed class EmbeddingResizeTests
{
    [TestMethod]
    [DataRow(AttentionType.DividedSpaceTime)]
    [DataRow(AttentionType.JointSpaceTime)]
    public void Forward_TwiceTheFrames_EqualsModelWithNearestUpsampledTimeEmbedding(AttentionType attention)
    {
        using var configured = new TimeSformerModel(TestModels.Tiny(attention));
        using var longer = new TimeSformerModel(TestModels.Tiny(attention) with { Frames = 8 });
        var state = RandomiseEmbeddings(configured);
        // Nearest neighbour from 4 to 8 frames picks frames 0,0,1,1,2,2,3,3.
        state["time_embed"] = state["time_embed"].repeat_interleave(2, 1);
        longer.load_state_dict(state);
        AssertSameOutputs(configured, longer, TestModels.Clip(frames: 8));
    }

    [TestMethod]
    [DataRow(AttentionType.DividedSpaceTime)]
    [DataRow(AttentionType.SpaceOnly)]
    public void Forward_TwiceTheSide_EqualsModelWithNearestUpsampledSpatialEmbedding(AttentionType attention)
    {
        using var configured = new TimeSformerModel(TestModels.Tiny(attention));
        using var larger = new TimeSformerModel(TestModels.Tiny(attention) with { ImageSize = 64 });
        var state = RandomiseEmbeddings(configured);
        var pos = state["pos_embed"];
        long dim = pos.shape[2];
        var grid = pos[.., 1..].reshape(1, 4, 4, dim).repeat_interleave(2, 1).repeat_interleave(2, 2).reshape(1, 64, dim);
        state["pos_embed"] = cat([pos[.., ..1], grid], 1);
        larger.load_state_dict(state);
        AssertSameOutputs(configured, larger, TestModels.Clip(size: 64));
    }

    [TestMethod]
    [DataRow(2L, 16L, 24L)]
    [DataRow(6L, 48L, 32L)]
    public void Forward_OtherFramesAndSize_ReturnsLogitsPerClip(long frames, long height, long width)
    {
        foreach (var attention in Enum.GetValues<AttentionType>())
        {
            using var model = new TimeSformerModel(TestModels.Tiny(attention));
            using var clip = randn([2, frames, 3, height, width]);
            using var logits = model.call(clip);
            CollectionAssert.AreEqual(new long[] { 2, TestModels.Classes }, logits.shape, attention.ToString());
        }
    }

    // Gives the embeddings random values (time_embed starts at zero) and the head large ones (so that a wrong
    // embedding shows in the logits), and returns the resulting state dict.
    private static Dictionary<string, Tensor> RandomiseEmbeddings(TimeSformerModel model)
    {
        using (no_grad())
            foreach (var (name, p) in model.named_parameters().Where(p => p.name.EndsWith("_embed", StringComparison.Ordinal) || p.name == "head.weight"))
                p.normal_(0, 1);
        return model.state_dict();
    }

    private static void AssertSameOutputs(TimeSformerModel resized, TimeSformerModel configured, Tensor clip)
    {
        using var noGrad = no_grad();
        resized.eval();
        configured.eval();
        using var a = resized.call(clip);
        using var b = configured.call(clip);
        Assert.IsTrue(TestModels.MaxAbsDiff(a, b) < 1e-5, $"max abs difference {TestModels.MaxAbsDiff(a, b):G3}");
        clip.Dispose();
    }
}
