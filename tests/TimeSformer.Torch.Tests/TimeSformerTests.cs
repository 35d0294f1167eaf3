using TimeSformer.Torch.Model;
using TimeSformer.Torch.Tests.Fixtures;
using static TorchSharp.torch;

namespace TimeSformer.Torch.Tests;

[TestClass]
public sealed class TimeSformerTests
{
    public static IEnumerable<object[]> Variants => TestModels.AllVariants();

    [TestMethod]
    [DynamicData(nameof(Variants))]
    public void Forward_AnyVariant_ReturnsLogitsPerClip(AttentionType attention, PositionalEmbedding positional)
    {
        using var model = new TimeSformerModel(TestModels.Tiny(attention, positional));
        using var clip = TestModels.Clip(batch: 3);
        using var logits = model.call(clip);
        CollectionAssert.AreEqual(new long[] { 3, TestModels.Classes }, logits.shape);
        Assert.IsTrue(logits.isfinite().all().item<bool>());
    }

    [TestMethod]
    [DynamicData(nameof(Variants))]
    public void Backward_AnyVariant_ReachesEveryParameter(AttentionType attention, PositionalEmbedding positional)
    {
        using var model = new TimeSformerModel(TestModels.Tiny(attention, positional));
        // temporal_fc starts at zero after the first block, which blocks the gradient to that block's temporal
        // attention; give it weights so that every parameter is on a gradient path.
        using (no_grad())
            foreach (var (name, p) in model.named_parameters().Where(p => p.name.Contains("temporal_fc")))
                p.normal_(0, 0.02);
        using var clip = TestModels.Clip();
        using var loss = model.call(clip).square().sum();
        loss.backward();
        foreach (var (name, p) in model.named_parameters())
        {
            Assert.IsNotNull(p.grad, $"{name} has no gradient");
            Assert.IsTrue(p.grad.abs().sum().item<float>() > 0, $"{name} has an all-zero gradient");
        }
    }

    [TestMethod]
    [DynamicData(nameof(Variants))]
    public void Forward_EvalWithDropout_IsDeterministicAndEqualsDropoutFreeModel(AttentionType attention, PositionalEmbedding positional)
    {
        var options = WithDropout(TestModels.Tiny(attention, positional));
        using var model = new TimeSformerModel(options);
        using var plain = new TimeSformerModel(TestModels.Tiny(attention, positional));
        plain.load_state_dict(model.state_dict());
        model.eval();
        plain.eval();
        using var clip = TestModels.Clip();
        using var noGrad = no_grad();
        using var first = model.call(clip);
        using var second = model.call(clip);
        using var reference = plain.call(clip);
        Assert.AreEqual(0, TestModels.MaxAbsDiff(first, second));
        Assert.AreEqual(0, TestModels.MaxAbsDiff(first, reference));
    }

    [TestMethod]
    [DynamicData(nameof(Variants))]
    public void Forward_TrainingWithDropout_DiffersBetweenCalls(AttentionType attention, PositionalEmbedding positional)
    {
        using var model = new TimeSformerModel(WithDropout(TestModels.Tiny(attention, positional)));
        model.train();
        using var clip = TestModels.Clip();
        using var noGrad = no_grad();
        using var first = model.call(clip);
        using var second = model.call(clip);
        Assert.IsTrue(TestModels.MaxAbsDiff(first, second) > 1e-4);
    }

    [TestMethod]
    [DynamicData(nameof(Variants))]
    public void Forward_TrainingWithoutDropout_EqualsEval(AttentionType attention, PositionalEmbedding positional)
    {
        using var model = new TimeSformerModel(TestModels.Tiny(attention, positional));
        using var clip = TestModels.Clip();
        using var noGrad = no_grad();
        model.train();
        using var training = model.call(clip);
        model.eval();
        using var evaluation = model.call(clip);
        Assert.AreEqual(0, TestModels.MaxAbsDiff(training, evaluation));
    }

    [TestMethod]
    [DataRow(0.3, 0.0, 0.0, 0.0, DisplayName = "DropRate")]
    [DataRow(0.0, 0.3, 0.0, 0.0, DisplayName = "AttentionDropRate")]
    [DataRow(0.0, 0.0, 0.5, 0.0, DisplayName = "DropPathRate")]
    [DataRow(0.0, 0.0, 0.0, 0.5, DisplayName = "HeadDropRate")]
    public void Forward_TrainingWithOneDropoutKind_DiffersBetweenCalls(double drop, double attentionDrop, double dropPath, double headDrop)
    {
        var options = TestModels.Tiny() with
        {
            DropRate = drop, AttentionDropRate = attentionDrop, DropPathRate = dropPath, HeadDropRate = headDrop,
        };
        using var model = new TimeSformerModel(options);
        using var clip = TestModels.Clip(batch: 4);
        using var noGrad = no_grad();
        using var first = model.call(clip);
        using var second = model.call(clip);
        Assert.IsTrue(TestModels.MaxAbsDiff(first, second) > 1e-5);
    }

    [TestMethod]
    public void Constructor_DividedAttention_ZeroesTemporalFcAfterFirstBlock()
    {
        using var model = new TimeSformerModel(TestModels.Tiny() with { Depth = 3 });
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        Assert.IsTrue(parameters["blocks.0.temporal_fc.weight"].abs().sum().item<float>() > 0);
        foreach (var name in new[] { "blocks.1.temporal_fc.weight", "blocks.1.temporal_fc.bias", "blocks.2.temporal_fc.weight" })
            Assert.AreEqual(0f, parameters[name].abs().sum().item<float>(), name);
        Assert.AreEqual(0f, parameters["time_embed"].abs().sum().item<float>(), "time_embed starts at zero");
        Assert.AreEqual(0.02, parameters["pos_embed"].std().item<float>(), 0.004);
        Assert.AreEqual(0.02, parameters["blocks.1.mlp.fc1.weight"].std().item<float>(), 0.002);
        Assert.AreEqual(0f, parameters["blocks.1.mlp.fc1.bias"].abs().sum().item<float>());
    }

    [TestMethod]
    public void Forward_WrongLayout_ThrowsNamingExpectedShape()
    {
        using var model = new TimeSformerModel(TestModels.Tiny());
        using var clip = randn([2, 3, 4, 32, 32]);
        var e = Assert.ThrowsExactly<ArgumentException>(() => model.call(clip));
        StringAssert.Contains(e.Message, "[B, T, 3, H, W]");
        StringAssert.Contains(e.Message, "[2, 3, 4, 32, 32]");
    }

    private static TimeSformerOptions WithDropout(TimeSformerOptions o) =>
        o with { DropRate = 0.2, AttentionDropRate = 0.2, DropPathRate = 0.3, HeadDropRate = 0.5 };
}
