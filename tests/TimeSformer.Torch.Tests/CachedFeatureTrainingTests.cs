using TimeSformer.Torch.Model;
using TimeSformer.Torch.Training;

namespace TimeSformer.Torch.Tests;

/// <summary>A model that caches frozen per-clip features must not get per-step shift and zoom or fresh draws every
/// epoch: either would make each clip new to its cache, so the frozen network would run at every step.</summary>
[TestClass]
public sealed class CachedFeatureTrainingTests
{
    [TestMethod]
    public void ResNet18Recipes_CacheFeatures_OthersDoNot()
    {
        Assert.IsTrue(ModelRecipe.ResNet18Gru("r", new ResNet18GruOptions()).CachesFeatures);
        Assert.IsTrue(ModelRecipe.ResNet18TimeSformer("h", new ResNet18TimeSformerOptions()).CachesFeatures);
        Assert.IsFalse(ModelRecipe.TimeSformer("t", TimeSformerOptions.Tiny(2)).CachesFeatures);
        Assert.IsFalse(ModelRecipe.CnnRnn("c", CnnRnnOptions.Small(2)).CachesFeatures);
    }

    [TestMethod]
    public void ResNet18Models_AreTheFeatureCachingModels()
    {
        Assert.IsTrue(typeof(ICachesFrozenFeatures).IsAssignableFrom(typeof(ResNet18Gru)));
        Assert.IsTrue(typeof(ICachesFrozenFeatures).IsAssignableFrom(typeof(ResNet18TimeSformer)));
        Assert.IsFalse(typeof(ICachesFrozenFeatures).IsAssignableFrom(typeof(TimeSformerModel)));
    }

    [TestMethod]
    public void ForCachedFeatures_TurnsOffPerStepAugmentationAndKeepsDrawsFixed()
    {
        var fresh = new TrainingOptions { AugmentationVariants = 0, AugmentationShift = 0.1, AugmentationZoom = 0.1, LearningRate = 3e-4 };
        var cached = fresh.ForCachedFeatures();
        Assert.AreEqual(0.0, cached.AugmentationShift);
        Assert.AreEqual(0.0, cached.AugmentationZoom);
        Assert.AreEqual(new TrainingOptions().AugmentationVariants, cached.AugmentationVariants);
        Assert.IsGreaterThan(0, cached.AugmentationVariants);
        Assert.AreEqual(3e-4, cached.LearningRate, "everything else is kept");
        Assert.AreEqual(2, (fresh with { AugmentationVariants = 2 }).ForCachedFeatures().AugmentationVariants);
    }
}
