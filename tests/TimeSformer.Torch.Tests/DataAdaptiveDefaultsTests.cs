using TimeSformer.Torch.Training;
using TimeSformer.Video.Datasets;

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
    [DataRow(0, 5, DisplayName = "an empty split gets the small budget")]
    [DataRow(192, 5, DisplayName = "a small set: 5 minutes")]
    [DataRow(DataAdaptiveDefaults.FreshClipsUpTo, 5, DisplayName = "up to the limit")]
    [DataRow(DataAdaptiveDefaults.FreshClipsUpTo + 1, 8, DisplayName = "just above it: 8 minutes")]
    [DataRow(2304, 8, DisplayName = "the demo's set size")]
    public void TimeBudget_BySetSize(int trainingClips, int minutes)
    {
        Assert.AreEqual(TimeSpan.FromMinutes(minutes), DataAdaptiveDefaults.TimeBudget(trainingClips));
    }

    [TestMethod]
    public void TimeBudget_NegativeCount_Throws()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => DataAdaptiveDefaults.TimeBudget(-1));
    }

    [TestMethod]
    [DataRow(6, 48, 0.0, DisplayName = "too few groups to spare")]
    [DataRow(19, 152, 0.0, DisplayName = "just too few groups")]
    [DataRow(20, 160, DataAdaptiveDefaults.ValidationFraction, DisplayName = "a small split with enough groups")]
    [DataRow(24, 192, DataAdaptiveDefaults.ValidationFraction, DisplayName = "small-flat")]
    [DataRow(72, 2304, 0.0, DisplayName = "a large split keeps every group (the demo's set)")]
    public void ValidationFractionFor_ByTrainingSplit(int groups, int clips, double expected)
    {
        Assert.AreEqual(expected, DataAdaptiveDefaults.ValidationFractionFor(groups, clips));
    }

    [TestMethod]
    public void ValidationFractionFor_TheDefaultCarve_TakesTrainingGroupsOnlyAndLeavesTestAlone()
    {
        // 32 groups, 8 of them test: the default carve comes out of the 24 training groups, never the test ones.
        var samples = Enumerable.Range(0, 32).SelectMany(g => Enumerable.Range(0, 2).Select(c => new VideoSample(
            $"/v/g{g:00}_c{c}.avi", c == 0 ? "a" : "b", $"g{g:00}", g < 8 ? VideoDataset.TestSplit : VideoDataset.TrainSplit))).ToList();
        var data = new VideoDataset(samples, ["a", "b"]);
        double fraction = DataAdaptiveDefaults.ValidationFractionFor(data.Train.GroupCount, data.Train.Samples.Count);
        var held = data.HoldOutValidation(fraction, seed: 4);

        Assert.AreEqual(2, held.Validation.GroupCount, "round(10% of 24) groups");
        CollectionAssert.AreEquivalent(data.Test.Samples.ToArray(), held.Test.Samples.ToArray());
        var trainGroups = data.Train.Samples.Select(s => s.Group).ToHashSet();
        Assert.IsTrue(held.Validation.Samples.All(s => trainGroups.Contains(s.Group)));
        Assert.IsFalse(held.Validation.Samples.Select(s => s.Group).Intersect(held.Train.Samples.Select(s => s.Group)).Any());
    }
}
