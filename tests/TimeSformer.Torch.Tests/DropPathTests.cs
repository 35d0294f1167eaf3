using TimeSformer.Torch.Model;
using TimeSformer.Torch.Tests.Fixtures;
using static TorchSharp.torch;

namespace TimeSformer.Torch.Tests;

[TestClass]
public sealed class DropPathTests
{
    [TestMethod]
    public void Forward_Training_DropsWholeSamplesAndRescalesKeptOnes()
    {
        using var dropPath = new DropPath(0.25);
        dropPath.train();
        using var x = ones(4000, 3, 2);
        using var y = dropPath.call(x);
        using var perSample = y.reshape(4000, 6);
        using var first = perSample[.., 0];
        Assert.IsTrue(perSample.eq(first.unsqueeze(1)).all().item<bool>(), "a sample was partly dropped");
        Assert.IsTrue(first.eq(0).logical_or(first.eq(1 / 0.75f)).all().item<bool>(), "kept samples must be scaled by 1/(1-p)");
        Assert.AreEqual(0.25, first.eq(0).to_type(ScalarType.Float32).mean().item<float>(), 0.03);
    }

    [TestMethod]
    public void Forward_Eval_IsIdentity()
    {
        using var dropPath = new DropPath(0.5);
        dropPath.eval();
        using var x = randn(64, 5);
        using var y = dropPath.call(x);
        Assert.AreEqual(0, TestModels.MaxAbsDiff(x, y));
    }

    [TestMethod]
    public void Constructor_RateOfOne_Throws() =>
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new DropPath(1.0));
}
