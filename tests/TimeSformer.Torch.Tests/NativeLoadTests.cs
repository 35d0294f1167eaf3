
using static TorchSharp.torch;

namespace TimeSformer.Torch.Tests;

[TestClass]
public sealed class NativeLoadTests
{
    [TestMethod]
    public void LibTorch_OnThisSystem_LoadsAndComputes()
    {
        using var a = ones(2, 3);
        using var b = a.sum();
        Assert.AreEqual(6f, b.item<float>(), 1e-6f);
    }
}
