using TimeSformer.Torch.Training;

namespace TimeSformer.Torch.Tests;

[TestClass]
public sealed class DataAdaptiveDefaultsTests
{
    [TestMethod]
    [DataRow(192, 0, DisplayName = "a small set draws fresh clips every epoch")]
    [DataRow(DataAdaptiveDefaults.FreshClipsUpTo, 0, DisplayName = "up to the limit")]
    [DataRow(2304, 4, DisplayName = "a large set keeps the recipe's cached variants")]
    public void AugmentationVariants_BySetSize(int trainingClips, int expected)
    {
        Assert.AreEqual(expected, DataAdaptiveDefaults.AugmentationVariants(new TrainingOptions { AugmentationVariants = 4 }, trainingClips));
    }

    [TestMethod]
    [DataRow(0, 9, DisplayName = "an empty split gets the small budget")]
    [DataRow(192, 9, DisplayName = "a small set: 9 minutes")]
    [DataRow(DataAdaptiveDefaults.FreshClipsUpTo, 9, DisplayName = "up to the limit")]
    [DataRow(DataAdaptiveDefaults.FreshClipsUpTo + 1, 8, DisplayName = "just above it: 8 minutes")]
    [DataRow(2304, 8, DisplayName = "the demo's set size")]
    public void TimeBudget_BySetSize(int trainingClips, int minutes)
    {
        Assert.AreEqual(TimeSpan.FromMinutes(minutes), DataAdaptiveDefaults.TimeBudget(trainingClips));
    }

    [TestMethod]
    [DataRow(176, true, DisplayName = "a small set: mean of the patch tokens")]
    [DataRow(DataAdaptiveDefaults.FreshClipsUpTo, true, DisplayName = "up to the limit")]
    [DataRow(DataAdaptiveDefaults.FreshClipsUpTo + 1, false, DisplayName = "just above it: the CLS token")]
    public void MeanPooling_BySetSize(int trainingClips, bool expected)
    {
        Assert.AreEqual(expected, DataAdaptiveDefaults.MeanPooling(trainingClips));
    }

    [TestMethod]
    public void TimeBudget_NegativeCount_Throws()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => DataAdaptiveDefaults.TimeBudget(-1));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => DataAdaptiveDefaults.MeanPooling(-1));
    }
}
