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
    public void Replan_SlowFirstEpoch_PlansFromTheLaterOnes()
    {
        // A 30 s first epoch (one-off costs) then 5 s epochs: 45 s of 180 used, 135 s left, 128.25 s after the reserve,
        // hold 25 more epochs of 5 s. Planning from the mean (15 s) would give 8 more and leave two thirds unused.
        var plan = TimeBudgetPlanner.Replan(TimeSpan.FromSeconds(180), TimeSpan.FromSeconds(45), [30, 5, 5, 5], 1000);

        Assert.AreEqual(4 + 25, plan);
    }

    [TestMethod]
    public void Replan_MachineGetsBusier_FollowsTheRecentEpochs()
    {
        // Epochs went from 2 s to 10 s: the last three (2, 10, 10; mean 22/3 s) set the plan, not the first ones.
        var plan = TimeBudgetPlanner.Replan(TimeSpan.FromSeconds(100), TimeSpan.FromSeconds(30), [4, 2, 2, 2, 10, 10], 1000);

        Assert.AreEqual(6 + (int)Math.Floor(0.95 * 70 / (22.0 / 3)), plan);
    }

    [TestMethod]
    [DataRow(10, 1000, 2, DisplayName = "a spent budget keeps the completed epochs")]
    [DataRow(100000, 7, 7, DisplayName = "a large budget stops at the cap")]
    public void Replan_Bounds_StayBetweenCompletedAndCap(double budget, int cap, int expected)
    {
        Assert.AreEqual(expected, TimeBudgetPlanner.Replan(TimeSpan.FromSeconds(budget), TimeSpan.FromSeconds(20), [10, 10], cap));
    }

    [TestMethod]
    public void Replan_OneEpoch_PlansFromIt()
    {
        Assert.AreEqual(TimeBudgetPlanner.Epochs(TimeSpan.FromSeconds(110), TimeSpan.FromSeconds(10), 1, 1000),
            TimeBudgetPlanner.Replan(TimeSpan.FromSeconds(110), TimeSpan.FromSeconds(10), [10], 1000));
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
