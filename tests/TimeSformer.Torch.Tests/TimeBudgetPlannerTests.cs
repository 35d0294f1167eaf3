using TimeSformer.Torch.Training;

namespace TimeSformer.Torch.Tests;

[TestClass]
public sealed class TimeBudgetPlannerTests
{
    [TestMethod]
    public void Epochs_FirstEpochTookTenSecondsOf110_PlansTen()
    {
        // 100 s left, less the 5% reserve: 95 s hold nine more epochs of 10 s.
        Assert.AreEqual(10, TimeBudgetPlanner.Epochs(TimeSpan.FromSeconds(110), TimeSpan.FromSeconds(10), 1, 1000));
    }

    [TestMethod]
    public void Epochs_PartialEpochLeft_RoundsDown()
    {
        // 90 s left, 85.5 s after the reserve: 8.55 epochs of 10 s, so eight more.
        Assert.AreEqual(9, TimeBudgetPlanner.Epochs(TimeSpan.FromSeconds(100), TimeSpan.FromSeconds(10), 1, 1000));
    }

    [TestMethod]
    public void Epochs_MeanOverCompletedEpochs()
    {
        // Two epochs in 30 s: 15 s each; 90 s left, 85.5 s after the reserve, hold five more.
        Assert.AreEqual(7, TimeBudgetPlanner.Epochs(TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(30), 2, 1000));
    }

    [TestMethod]
    public void Epochs_LargeBudget_StopsAtTheCap()
    {
        Assert.AreEqual(20, TimeBudgetPlanner.Epochs(TimeSpan.FromHours(5), TimeSpan.FromSeconds(1), 1, 20));
    }

    [TestMethod]
    public void Epochs_BudgetAlreadySpent_KeepsTheCompletedEpochs()
    {
        Assert.AreEqual(1, TimeBudgetPlanner.Epochs(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(9), 1, 1000));
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
