using TimeSformer.Torch.Training;

namespace TimeSformer.Torch.Tests;

[TestClass]
public sealed class LearningRateSchedulerTests
{
    [TestMethod]
    public void Rate_Warmup_RisesLinearlyToPeak()
    {
        var o = new TrainingOptions { LearningRate = 1e-3, WarmupEpochs = 2, Epochs = 10 };

        Assert.AreEqual(1e-3 * 1 / 20, LearningRateScheduler.Rate(o, 0, 10), 1e-12);
        Assert.AreEqual(1e-3 * 10 / 20, LearningRateScheduler.Rate(o, 9, 10), 1e-12);
        Assert.AreEqual(1e-3, LearningRateScheduler.Rate(o, 19, 10), 1e-12);
    }

    [TestMethod]
    public void Rate_Cosine_HalfwayIsMeanAndEndIsFloor()
    {
        var o = new TrainingOptions { LearningRate = 1.0, WarmupEpochs = 0, Epochs = 10, MinLearningRateFactor = 0.1 };

        Assert.AreEqual(1.0, LearningRateScheduler.Rate(o, 0, 10), 1e-12);
        Assert.AreEqual(0.55, LearningRateScheduler.Rate(o, 50, 10), 1e-12);
        Assert.AreEqual(0.1, LearningRateScheduler.Rate(o, 100, 10), 1e-12);
    }

    [TestMethod]
    public void Rate_OfficialStepSchedule_DividesByTenAtEpochs11And14()
    {
        var o = TrainingOptions.OfficialSgd;

        Assert.AreEqual(0.005, LearningRateScheduler.Rate(o, 10 * 4 + 3, 4), 1e-12);
        Assert.AreEqual(0.0005, LearningRateScheduler.Rate(o, 11 * 4, 4), 1e-12);
        Assert.AreEqual(0.00005, LearningRateScheduler.Rate(o, 14 * 4, 4), 1e-12);
    }
}
