using TimeSformer.Torch.Model;

namespace TimeSformer.Torch.Tests;

[TestClass]
public sealed class ModelComplexityTests
{
    [TestMethod]
    public void TimeSformerGflops_PaperBase8x224_Is196()
    {
        // Paper, table 2: 0.59 TFLOPs for 3 views = 196 GFLOPs per clip.
        Assert.AreEqual(196, ModelComplexity.TimeSformerGflops(TimeSformerOptions.Base()), 2);
    }

    [TestMethod]
    public void TimeSformerGflops_JointAttention_GrowsQuadraticallyWithTokens()
    {
        // Paper, figure 3: at 8x224 joint and divided cost about the same; at higher resolution joint explodes.
        double Gflops(TimeSformerOptions o, AttentionType a) => ModelComplexity.TimeSformerGflops(o with { AttentionType = a });
        var base8 = TimeSformerOptions.Base();
        var hr = TimeSformerOptions.HighResolution();

        Assert.AreEqual(1.0, Gflops(base8, AttentionType.JointSpaceTime) / Gflops(base8, AttentionType.DividedSpaceTime), 0.15);
        Assert.IsGreaterThan(2.0, Gflops(hr, AttentionType.JointSpaceTime) / Gflops(hr, AttentionType.DividedSpaceTime));
        Assert.IsLessThan(Gflops(base8, AttentionType.DividedSpaceTime), Gflops(base8, AttentionType.SpaceOnly));
    }

    [TestMethod]
    public void CnnRnnGflops_OneStage_MatchesHandCount()
    {
        var o = new CnnRnnOptions { ImageSize = 8, Frames = 2, Channels = 3, NumClasses = 2, StemWidth = 4, StageWidths = [8], HiddenSize = 4 };
        // stem 4x4x3x9x4 = 1728; stage at 2x2: 4*4*9*8 + 4*8*9*8 + 4*4*8 = 1152 + 2304 + 128; GRU 2*3*4*(8+4) = 288; head 8.
        double expected = (2 * (1728 + 1152 + 2304 + 128) + 288 + 8) / 1e9;
        Assert.AreEqual(expected, ModelComplexity.CnnRnnGflops(o), 1e-15);
    }
}
