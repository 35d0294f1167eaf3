using TimeSformer.Torch.Model;
using TimeSformer.Torch.Training;
using static TorchSharp.torch;

namespace TimeSformer.Torch.Tests;

[TestClass]
public sealed class ParameterGroupsTests
{
    [TestMethod]
    public void Split_TimeSformer_ExemptsEmbeddingsBiasesAndNorms()
    {
        using var model = new TimeSformerModel(TimeSformerOptions.Tiny(3));
        var groups = ParameterGroups.Split(model, new TrainingOptions { WeightDecay = 0.05 });

        Assert.HasCount(2, groups);
        var decayed = groups[0].Parameters.Select(p => p.Name).ToList();
        var exempt = groups[1].Parameters.Select(p => p.Name).ToList();
        Assert.AreEqual(0.05, groups[0].WeightDecay);
        Assert.AreEqual(0.0, groups[1].WeightDecay);
        CollectionAssert.Contains(exempt, "pos_embed");
        CollectionAssert.Contains(exempt, "cls_token");
        CollectionAssert.Contains(exempt, "time_embed");
        CollectionAssert.Contains(exempt, "blocks.0.temporal_norm1.weight");
        CollectionAssert.Contains(exempt, "blocks.1.attn.qkv.bias");
        CollectionAssert.Contains(exempt, "norm.weight");
        CollectionAssert.Contains(decayed, "blocks.0.attn.qkv.weight");
        CollectionAssert.Contains(decayed, "patch_embed.proj.weight");
        CollectionAssert.Contains(decayed, "head.weight");
        Assert.IsTrue(decayed.All(n => n.EndsWith(".weight") && !n.Contains("norm")), string.Join(", ", decayed));
        Assert.AreEqual(model.parameters().Count(), decayed.Count + exempt.Count);
    }

    [TestMethod]
    public void Split_CnnRnn_ExemptsBatchNormAndRecurrentBiases()
    {
        using var model = new CnnRnn(new CnnRnnOptions { ImageSize = 16, Frames = 2, NumClasses = 2, StageWidths = [8], StemWidth = 4, HiddenSize = 8 });
        var exempt = ParameterGroups.Split(model, new TrainingOptions())[1].Parameters.Select(p => p.Name).ToList();

        CollectionAssert.Contains(exempt, "stem.bn.weight");
        CollectionAssert.Contains(exempt, "stages.0.bn1.bias");
        CollectionAssert.Contains(exempt, "gru.bias_ih_l0");
        CollectionAssert.DoesNotContain(exempt, "gru.weight_ih_l0");
    }

    [TestMethod]
    public void CreateOptimizer_AdamWStep_DecaysWeightsButNotExemptParameters()
    {
        using var model = new TimeSformerModel(TimeSformerOptions.Tiny(3));
        var options = new TrainingOptions { WeightDecay = 0.5, LearningRate = 0.1 };
        var groups = ParameterGroups.Split(model, options);
        using var optimizer = ParameterGroups.CreateOptimizer(groups, options);
        var named = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var p in named.Values) p.grad = zeros_like(p); // no gradient: only weight decay moves weights
        var before = named.ToDictionary(p => p.Key, p => p.Value.detach().clone());

        optimizer.step();

        Assert.IsTrue(named["pos_embed"].allclose(before["pos_embed"], rtol: 0, atol: 0), "pos_embed was decayed");
        Assert.IsTrue(named["time_embed"].allclose(before["time_embed"], rtol: 0, atol: 0), "time_embed was decayed");
        Assert.IsTrue(named["cls_token"].allclose(before["cls_token"], rtol: 0, atol: 0), "cls_token was decayed");
        Assert.IsTrue(named["norm.weight"].allclose(before["norm.weight"], rtol: 0, atol: 0), "norm.weight was decayed");
        // AdamW: w <- w * (1 - lr * wd) = 0.95 w.
        var expected = before["blocks.0.mlp.fc1.weight"] * 0.95;
        Assert.IsTrue(named["blocks.0.mlp.fc1.weight"].allclose(expected, rtol: 1e-5, atol: 1e-7), "fc1.weight was not decayed by lr*wd");
    }

    [TestMethod]
    public void Split_TimeEmbeddingScale_PutsTimeEmbedInOwnGroup()
    {
        using var model = new TimeSformerModel(TimeSformerOptions.Tiny(3));
        var groups = ParameterGroups.Split(model, new TrainingOptions { TimeEmbeddingLearningRateScale = 10 });

        Assert.HasCount(3, groups);
        Assert.AreEqual("time_embed", groups[2].Parameters.Single().Name);
        Assert.AreEqual(10.0, groups[2].LearningRateScale);
        Assert.AreEqual(0.0, groups[2].WeightDecay);
    }
}
