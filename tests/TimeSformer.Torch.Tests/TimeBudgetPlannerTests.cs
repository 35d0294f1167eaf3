using TimeSformer.Torch.Training;

namespace TimeSformer.Torch.Tests;

[TestClass]
public sealed class TimeBudgetPlannerTests
{
    [TestMethod]
    // 100 s left, less the 5% reserve: 95 s hold nine more epochs of 10 s.
    [DataRow(110, 10, 1, 1000, 10, DisplayName = "the rest of the budget, less the reserve")]
    // 90 s left, 85.5 s after the reserve: 8.55 epochs of 10 s, so eight more (a ninth would overrun).
    [DataRow(100, 10, 1, 1000, 9, DisplayName = "a partial epoch is dropped")]
    // Two epochs in 30 s: 15 s each; 90 s left, 85.5 s after the reserve, hold five more.
    [DataRow(120, 30, 2, 1000, 7, DisplayName = "the mean over the completed epochs")]
    [DataRow(18000, 1, 1, 20, 20, DisplayName = "a large budget stops at the cap")]
    [DataRow(5, 9, 1, 1000, 1, DisplayName = "a spent budget keeps the completed epochs")]
    public void Epochs_MeasuredEpochs_PlansWhatFits(double budget, double elapsed, int completed, int cap, int expected)
    {
        Assert.AreEqual(expected, TimeBudgetPlanner.Epochs(TimeSpan.FromSeconds(budget), TimeSpan.FromSeconds(elapsed), completed, cap));
    }

    [TestMethod]
    public void Schedule_ShortPlan_HalvesTheWarmUpSoTheCosineReachesItsFloor()
    {
        var options = new TrainingOptions { WarmupEpochs = 2, LearningRate = 1, MinLearningRateFactor = 0.01 };
        var schedule = TimeBudgetPlanner.Schedule(options, 2);

        Assert.AreEqual(2, schedule.Epochs);
        Assert.AreEqual(1, schedule.WarmupEpochs);
        Assert.AreEqual(0.01, LearningRateScheduler.Rate(schedule, 2 * 100 - 1, 100), 0.001);
    }

    [TestMethod]
    public void Schedule_LongPlan_KeepsTheWarmUp()
    {
        Assert.AreEqual(2, TimeBudgetPlanner.Schedule(new TrainingOptions { WarmupEpochs = 2 }, 30).WarmupEpochs);
    }
}
