using TimeSformer.Torch.Model;
using TimeSformer.Torch.Tests.Fixtures;
using static TorchSharp.torch;

namespace TimeSformer.Torch.Tests;

/// <summary><see cref="TimeSformerOptions.FrameDifferences"/>: the patch embedding sees [frame, frame - previous].</summary>
[TestClass]
public sealed class FrameDifferencesTests
{
    [TestMethod]
    public void PatchEmbedding_HasTwiceTheChannels_AndTheConfigSaysSo()
    {
        using var model = OnnxTestModels.TinyModel(AttentionType.DividedSpaceTime, PositionalEmbedding.SpaceTime, frameDifferences: true);

        CollectionAssert.AreEqual(new long[] { 32, 6, 8, 8 }, model.get_parameter("patch_embed.proj.weight")!.shape);
        Assert.AreEqual(3, model.Options.Channels);
        Assert.IsTrue(TimeSformerOptions.FromOfficialJson(model.Options.ToOfficialJson()).FrameDifferences);
        Assert.IsFalse(TimeSformerOptions.FromOfficialJson("{}").FrameDifferences, "official configs have no such key");
    }

    [TestMethod]
    public void Forward_EqualsAPixelModelOnFramesPlusOneOnDifferences()
    {
        // patch_embed is linear: W [frame; diff] = W_frame frame + W_diff diff. With W_frame zeroed, the model with
        // frame differences on clip x must equal a pixel model holding W_diff on the difference clip of x.
        using var withDifferences = OnnxTestModels.TinyModel(AttentionType.DividedSpaceTime, PositionalEmbedding.SpaceTime, frameDifferences: true);
        using (no_grad())
            withDifferences.get_parameter("patch_embed.proj.weight")![.., ..3].zero_();
        using var pixels = PixelModel(withDifferences, differenceChannels: true);
        using var scope = NewDisposeScope();
        using (no_grad())
        {
            manual_seed(3);
            var clip = randn([2, 4, 3, 32, 32]);
            var differences = cat([zeros([2, 1, 3, 32, 32]), clip[.., 1..] - clip[.., ..^1]], 1);
            double diff = OnnxTestModels.MaxAbsDifference(withDifferences.call(clip), pixels.call(differences));
            Assert.IsTrue(diff < 1e-5, $"logits differ by {diff:G3}");
        }
    }

    [TestMethod]
    public void Forward_StillClip_EqualsThePixelModel()
    {
        // A clip whose frames are all equal has zero differences, so only the frame channels count.
        using var withDifferences = OnnxTestModels.TinyModel(AttentionType.DividedSpaceTime, PositionalEmbedding.SpaceTime, frameDifferences: true);
        using var pixels = PixelModel(withDifferences, differenceChannels: false);
        using var scope = NewDisposeScope();
        using (no_grad())
        {
            manual_seed(4);
            var still = randn([1, 1, 3, 32, 32]).expand(1, 4, 3, 32, 32).contiguous();
            var moving = randn([1, 4, 3, 32, 32]);
            Assert.IsTrue(OnnxTestModels.MaxAbsDifference(withDifferences.call(still), pixels.call(still)) < 1e-5);
            Assert.IsTrue(OnnxTestModels.MaxAbsDifference(withDifferences.call(moving), pixels.call(moving)) > 1e-3,
                "a moving clip must see its differences");
        }
    }

    // A model without frame differences holding the weights of withDifferences, its patch embedding from the frame
    // channels (0-2) or the difference channels (3-5).
    private static TimeSformerModel PixelModel(TimeSformerModel withDifferences, bool differenceChannels)
    {
        var pixels = new TimeSformerModel(withDifferences.Options with { FrameDifferences = false });
        pixels.eval();
        using var noGrad = no_grad();
        var weights = withDifferences.state_dict();
        foreach (var (name, value) in pixels.state_dict())
            value.copy_(name != "patch_embed.proj.weight" ? weights[name]
                : differenceChannels ? weights[name][.., 3..] : weights[name][.., ..3]);
        return pixels;
    }
}
