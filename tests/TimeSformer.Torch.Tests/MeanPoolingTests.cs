using TimeSformer.Torch.Model;
using TimeSformer.Torch.Tests.Fixtures;
using static TorchSharp.torch;

namespace TimeSformer.Torch.Tests;

/// <summary><see cref="TimeSformerOptions.MeanPooling"/>: the head reads the normalised mean of the patch tokens.</summary>
[TestClass]
public sealed class MeanPoolingTests
{
    [TestMethod]
    [DataRow(AttentionType.DividedSpaceTime)]
    [DataRow(AttentionType.JointSpaceTime)]
    [DataRow(AttentionType.SpaceOnly)]
    public void Forward_IsTheHeadOnTheNormalisedMeanOfThePatchTokens(AttentionType attention)
    {
        // Pooling comes after the blocks, so a CLS model with the same weights sees the same tokens at its norm: catch
        // them there and pool them by hand.
        using var cls = OnnxTestModels.TinyModel(attention, PositionalEmbedding.SpaceTime);
        using var mean = new TimeSformerModel(cls.Options with { MeanPooling = true });
        mean.eval();
        using var scope = NewDisposeScope();
        using (no_grad())
        {
            mean.load_state_dict(cls.state_dict());
            var norm = (nn.Module<Tensor, Tensor>)cls.named_modules().Single(m => m.name == "norm").module;
            var head = (nn.Module<Tensor, Tensor>)cls.named_modules().Single(m => m.name == "head").module;
            Tensor? tokens = null;
            // The model's own dispose scopes end with its forward pass: the copy is detached from them.
            var hook = norm.register_forward_hook((_, input, output) => { tokens = input.clone().DetachFromDisposeScope(); return output; });
            manual_seed(5);
            var clip = randn([2, 4, 3, 32, 32]);
            var clsLogits = cls.call(clip);
            hook.remove();
            using var caught = tokens!;

            Assert.AreEqual(attention == AttentionType.SpaceOnly ? 17 : 65, caught.shape[1], "CLS and the patch tokens reach the norm");
            var expected = head.forward(norm.forward(caught[.., 1..].mean([1])));
            var logits = mean.call(clip);
            double diff = OnnxTestModels.MaxAbsDifference(logits, expected);
            Assert.IsTrue(diff < 1e-5, $"logits differ from the pooled head by {diff:G3}");
            Assert.IsTrue(OnnxTestModels.MaxAbsDifference(logits, clsLogits) > 1e-3, "the head must not read the CLS token");
        }
    }

    [TestMethod]
    public void Config_SaysMeanPooling_AndOfficialConfigsReadTheClsToken()
    {
        var options = TimeSformerOptions.Tiny(3) with { MeanPooling = true };

        StringAssert.Contains(options.ToOfficialJson(), "\"mean_pooling\": true");
        Assert.IsTrue(TimeSformerOptions.FromOfficialJson(options.ToOfficialJson()).MeanPooling);
        Assert.IsFalse(TimeSformerOptions.FromOfficialJson("{}").MeanPooling, "official configs have no such key");
    }
}
